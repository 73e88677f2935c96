import * as vscode from 'vscode';
import { PROBLEM_CODES } from '../core/types';

/** Diagnostic codes: the engine's problem codes plus unmapped findings (SPEC "VS Code"). */
export const DIAGNOSTIC_CODES = [...PROBLEM_CODES, 'unmapped-sensitive-code'] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];
export const SEVERITY_LEVELS = ['error', 'warning', 'information', 'hint', 'none'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

/**
 * Every `iso27001.*` setting, typed, with its default. package.json's `contributes.configuration`
 * declares the same keys and defaults; a test keeps the two in step.
 */
export interface Settings {
	/** Index the workspace and show diagnostics, views and the status bar item. */
	readonly enable: boolean;
	/** Per diagnostic code, a severity that replaces the engine's (`none` hides it). */
	readonly 'diagnostics.severity': Readonly<Partial<Record<DiagnosticCode, SeverityLevel>>>;
	/** Overrides `.iso27001.yaml`'s `maxFileSize` (bytes); null keeps the file's value. */
	readonly maxFileSize: number | null;
	/** Glob patterns left out of indexing in addition to the configuration's `exclude`. */
	readonly exclude: readonly string[];
	/** Also leave out what VS Code's `files.exclude` hides. */
	readonly respectFilesExclude: boolean;
	/** Keep per-file results in the workspace storage, so that a reopened workspace shows them at once. */
	readonly cache: boolean;
}

export const SETTING_DEFAULTS: Settings = {
	enable: true,
	'diagnostics.severity': {},
	maxFileSize: null,
	exclude: [],
	respectFilesExclude: true,
	cache: true,
};

export const SECTION = 'iso27001';

/** The settings for a folder (or the window), each falling back to its default when unset or mistyped. */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
	const c = vscode.workspace.getConfiguration(SECTION, scope);
	const pick = <K extends keyof Settings>(key: K, valid: (v: unknown) => boolean): Settings[K] => {
		const v = c.get<unknown>(key);
		return (v !== undefined && valid(v) ? v : SETTING_DEFAULTS[key]) as Settings[K];
	};
	const severity = pick('diagnostics.severity', (v) => typeof v === 'object' && v !== null);
	return {
		enable: pick('enable', (v) => typeof v === 'boolean'),
		'diagnostics.severity': Object.fromEntries(Object.entries(severity)
			.filter(([k, v]) => (DIAGNOSTIC_CODES as readonly string[]).includes(k) && (SEVERITY_LEVELS as readonly unknown[]).includes(v))),
		maxFileSize: pick('maxFileSize', (v) => v === null || (typeof v === 'number' && v > 0)),
		exclude: pick('exclude', (v) => Array.isArray(v) && v.every((x) => typeof x === 'string')),
		respectFilesExclude: pick('respectFilesExclude', (v) => typeof v === 'boolean'),
		cache: pick('cache', (v) => typeof v === 'boolean'),
	};
}

/** Keys whose change needs a new scan (the others only re-render). */
export const RESCAN_KEYS: readonly (keyof Settings)[] = ['enable', 'maxFileSize', 'exclude', 'respectFilesExclude', 'cache'];

/** The `files.exclude` globs switched on for a folder. */
export function filesExclude(folder: vscode.WorkspaceFolder): string[] {
	const map = vscode.workspace.getConfiguration('files', folder).get<Record<string, unknown>>('exclude') ?? {};
	return Object.entries(map).filter(([, on]) => on === true).map(([glob]) => glob);
}
