/** The comment lexer: comments and strings of a file, and the language table. */
export { lex, maskNonCode } from './lexer';
export {
	type CommentInsertion, type LanguageSpec, languageForPath, languageForShebang, LANGUAGES, languageSpec,
	SUPPORTED_LANGUAGE_IDS, type Syntax,
} from './languages';
