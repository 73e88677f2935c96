import * as path from 'node:path';
import { createControlIdResolver } from '../annotations/controlIds';
import { createDetectors, type DetectionSettings } from '../detection';
import { ScopeResolver } from '../scope';
import { CATEGORIES, type Catalog, type Soa } from '../types';
import { zeroTimings, type AnalyzerContext } from './analyzeFile';

/**
 * Everything a scan worker needs to analyse files, as plain data (it is posted to worker threads).
 */
export interface AnalyzerInit {
	readonly root: string;
	readonly catalog: Catalog;
	/** Legacy catalogs whose IDs are accepted and mapped (2013 for the 2022 catalog). */
	readonly legacy: readonly Catalog[];
	readonly soa: Soa;
	readonly maxFileSize: number;
	/** Folder holding `tree-sitter.wasm` and the grammars; null to resolve them from node_modules. */
	readonly wasmDir: string | null;
	/** Sensitive-code detection: categories switched on and custom rules. */
	readonly detection: DetectionSettings;
	/** False skips the editor's quick-fix anchors of findings (default true). */
	readonly anchors?: boolean;
	/** Languages a worker hands back instead of analysing (see `BatchOptions.defer`). */
	readonly deferLanguages?: readonly string[];
}

/** Builds the per-file analysis context from its plain-data description. */
export function createAnalyzerContext(init: AnalyzerInit): AnalyzerContext {
	const wasmDir = init.wasmDir;
	return {
		ids: createControlIdResolver(init.catalog, init.legacy),
		soa: init.soa,
		// A thread that hands TypeScript back to the main thread never loads TypeScript-ESTree.
		scopes: ScopeResolver.create({
			...(wasmDir ? { locateWasm: (name: string) => path.join(wasmDir, name) } : {}),
			fullParser: (init.deferLanguages ?? []).length === 0,
		}),
		detectors: createDetectors(init.detection),
		categories: new Set(CATEGORIES.filter((c) => init.detection.categories[c])),
		anchors: init.anchors ?? true,
		timings: zeroTimings(),
	};
}
