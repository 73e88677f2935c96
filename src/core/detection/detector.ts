import type { ParsedSource } from '../parse/parsedSource';
import type { Confidence } from '../rules/model';
import type { Category } from '../types';

/** A sensitive call site found by a detector, before annotations and ignores are applied. */
export interface RawFinding {
	/** 1-based position of the call site (the call expression, option or decorator). */
	readonly line: number;
	readonly column: number;
	readonly category: Category;
	/** The API as resolved through imports, e.g. `crypto.createCipheriv`, `jsonwebtoken.sign`. */
	readonly api: string;
	/** A sentence for people, e.g. `AES cipher created with crypto.createCipheriv`. */
	readonly message: string;
	/** Defaults to the category's controls (see `CATEGORY_CONTROLS`) when omitted. */
	readonly suggestedControls?: readonly string[];
	/** The rule that found it (`docs/rules.md`); built-in detectors without records get `<detector>.<category>`. */
	readonly rule?: string;
	/** `high` unless the rule says what names and shapes imply (`medium`). */
	readonly confidence?: Confidence;
}

/**
 * Finds sensitive code in files of some languages. Detectors plug into the per-file analysis: the
 * engine lexes the file once, asks every detector for the file's language whose `mayMatch`
 * accepts the text, hands each the same {@link ParsedSource} (so a file is parsed at most once per
 * parser, shared with scope resolution), then marks each finding mapped, covered or ignored by the
 * annotations whose scope contains it.
 */
export interface Detector {
	/** Stable id, e.g. `javascript`, `python`, `custom:vault-read`. */
	readonly id: string;
	/** VS Code language ids this detector handles. */
	readonly languages: ReadonlySet<string>;
	/**
	 * Cheap prefilter on the raw text (one precompiled regular expression, say); false skips the file.
	 * `languageId`, when the caller knows it, lets a detector of many languages test only its rules for that one.
	 */
	readonly mayMatch: (text: string, languageId?: string) => boolean;
	/**
	 * Optional second prefilter on the text with comments blanked (strings kept); false means `detect`
	 * finds nothing, and it is not called. Keeps documentation comments from costing a parse.
	 */
	readonly mayMatchCode?: (uncommented: string) => boolean;
	/** Findings of the file; must not throw for any input (syntax errors fall back to lexical rules). */
	readonly detect: (source: ParsedSource) => readonly RawFinding[] | Promise<readonly RawFinding[]>;
}
