import * as path from 'node:path';
import { createControlIdResolver } from '../annotations/controlIds';
import type { Detector } from '../detection/detector';
import { ScopeResolver } from '../scope';
import type { Catalog, Soa } from '../types';
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
	/** Languages a worker hands back instead of analysing (see `BatchOptions.defer`). */
	readonly deferLanguages?: readonly string[];
}

/** Builds the per-file analysis context from its plain-data description. */
export function createAnalyzerContext(init: AnalyzerInit, detectors: readonly Detector[] = []): AnalyzerContext {
	const wasmDir = init.wasmDir;
	return {
		ids: createControlIdResolver(init.catalog, init.legacy),
		soa: init.soa,
		scopes: ScopeResolver.create(wasmDir ? { locateWasm: (name) => path.join(wasmDir, name) } : {}),
		detectors,
		timings: zeroTimings(),
	};
}
