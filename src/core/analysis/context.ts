import * as path from 'node:path';
import type { ControlIdResolver } from '../annotations/controlIds';
import { createControlIdResolver } from '../annotations/controlIds';
import type { WorkspaceSettings } from '../config/workspace';
import { categorySuggestions, createDetectors, type DetectionSettings } from '../detection';
import type { Detector } from '../detection/detector';
import { ScopeResolver } from '../scope';
import type { MappingContext } from './mapping';
import { ownFunctionRules, type OwnFunctionRules } from './ownFunctions';
import { builtinRules } from '../rules/load';
import { CATEGORIES, type Catalog, type Category, type Soa } from '../types';

/** What the per-file analysis needs, built once per scan (or per thread) from an {@link AnalyzerInit}. */
export interface AnalyzerContext extends MappingContext {
	readonly ids: ControlIdResolver;
	readonly scopes: ScopeResolver;
	/** Every detector, in the same order in every thread (a handed-back file names them by index). */
	readonly detectors: readonly Detector[];
	/** Categories whose findings are reported (`sensitiveCode.categories`). */
	readonly categories: ReadonlySet<Category>;
	/** The records of the application's own security functions (`ownFunction`): their findings are candidates. */
	readonly ownFunctions: OwnFunctionRules;
	/** Whether unmapped findings get the editor's quick-fix `anchor` (the CLI prints none). */
	readonly anchors: boolean;
	/** Milliseconds spent per phase, accumulated by `analyzeFile` (for `npm run bench`). */
	readonly timings: PhaseTimings;
}

/** Where a scan's time goes, in milliseconds of thread time (summed over threads). */
export interface PhaseTimings {
	walk: number;
	read: number;
	lex: number;
	/** Parsing (TypeScript-ESTree, Meriyah, tree-sitter), whether scopes or detectors asked first. */
	parse: number;
	scope: number;
	detect: number;
}

/** All phases at zero. */
export function zeroTimings(): PhaseTimings {
	return { walk: 0, read: 0, lex: 0, parse: 0, scope: 0, detect: 0 };
}

/**
 * Everything a thread needs to analyse files, as plain data (it is posted to worker threads). Built
 * only by {@link analyzerInit}, so a CLI scan, its workers and the editor's index run with the same.
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

/** What a front end adds to a workspace's settings for its analysis. */
export interface AnalyzerOptions {
	readonly wasmDir: string | null;
	/** False in untrusted (restricted) workspaces: the workspace's custom rules are not run. Default true. */
	readonly trustCustomRules?: boolean;
	/** False: findings get no quick-fix `anchor`. Default true. */
	readonly anchors?: boolean;
}

/** The one place where a workspace's settings become the analysis's settings. */
export function analyzerInit(root: string, settings: WorkspaceSettings, options: AnalyzerOptions): AnalyzerInit {
	const { config } = settings;
	return {
		root, catalog: settings.catalog, legacy: settings.legacy, soa: config.soa,
		maxFileSize: config.maxFileSize, wasmDir: options.wasmDir, anchors: options.anchors ?? true,
		detection: {
			categories: config.categories, rules: config.rules, trustCustomRules: options.trustCustomRules ?? true, minConfidence: config.minConfidence,
		},
	};
}

/** Builds the per-file analysis context from its plain-data description. */
export function createAnalyzerContext(init: AnalyzerInit): AnalyzerContext {
	const wasmDir = init.wasmDir;
	const ids = createControlIdResolver(init.catalog, init.legacy);
	return {
		ids,
		soa: init.soa,
		suggestions: categorySuggestions(init.catalog),
		title: ids.title,
		// A thread that hands TypeScript back to the main thread never loads TypeScript-ESTree.
		scopes: ScopeResolver.create({
			...(wasmDir ? { locateWasm: (name: string) => path.join(wasmDir, name) } : {}),
			fullParser: (init.deferLanguages ?? []).length === 0,
		}),
		detectors: createDetectors(init.detection),
		categories: new Set(CATEGORIES.filter((c) => init.detection.categories[c])),
		ownFunctions: ownFunctionRules(builtinRules()),
		anchors: init.anchors ?? true,
		timings: zeroTimings(),
	};
}
