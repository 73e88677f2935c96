import type { Detector } from '../detector';

/** Lexical detectors (code outside comments and strings) for Ruby, PHP, Rust, C/C++, Swift and shell. */
export function lexicalDetectors(): Detector[] {
	return [];
}
