import type { Category, LexResult, SourceFile } from '../types';

/** A sensitive call site found by a detector, before annotations and ignores are applied. */
export interface RawFinding {
	readonly line: number;
	readonly column: number;
	readonly category: Category;
	/** The API as written or resolved through imports, e.g. `crypto.createCipheriv`. */
	readonly api: string;
	readonly message: string;
	readonly suggestedControls: readonly string[];
}

/**
 * Finds sensitive code in one file. Detectors plug into the per-file analysis: the engine lexes the
 * file once, asks every detector whose `mayMatch` accepts the raw text, then maps each finding to
 * the annotations and ignores whose scope contains it.
 */
export interface Detector {
	readonly id: string;
	/** Cheap prefilter on the raw text; a detector is not run when it returns false. */
	mayMatch(file: SourceFile): boolean;
	detect(file: SourceFile, lex: LexResult): readonly RawFinding[] | Promise<readonly RawFinding[]>;
}
