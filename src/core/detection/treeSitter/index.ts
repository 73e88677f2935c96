import type { Detector } from '../detector';
import { createDetector } from './common';
import { CSHARP_SPEC } from './csharp';
import { GO_SPEC } from './go';
import { JAVA_SPEC } from './java';
import { KOTLIN_SPEC } from './kotlin';
import { PYTHON_SPEC } from './python';

/** Syntax-aware detectors for Python, Go, Java, Kotlin and C# (tree-sitter, import tracking). */
export function treeSitterDetectors(): Detector[] {
	return [PYTHON_SPEC, GO_SPEC, JAVA_SPEC, KOTLIN_SPEC, CSHARP_SPEC].map(createDetector);
}
