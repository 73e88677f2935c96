/**
 * The comment lexer: comments and string spans of a file in one linear pass (`lex`), code with
 * them blanked out (`maskNonCode`), and the one table of supported languages.
 */
export { lex, maskNonCode } from './lexer';
export {
	type CommentInsertion, type LanguageSpec, isDeclarationFile, languageForPath, languageForShebang, LANGUAGES, languageSpec,
	SUPPORTED_LANGUAGE_IDS, type Syntax, CODE_LANGUAGE_IDS, DOCUMENT_LANGUAGE_IDS, evidenceKindOfPath,
} from './languages';
