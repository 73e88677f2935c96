import type { Detector } from '../detector';

/** Detectors for TypeScript and JavaScript (TypeScript-ESTree, import and alias tracking). */
export function javascriptDetectors(): Detector[] {
	return [];
}
