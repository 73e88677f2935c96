// The editor benchmark's reopen figures: the extension disposed and activated again with the same
// context (same workspace storage), with the persistent cache and without it. Figures only.
import * as vscode from 'vscode';
import { testHooks, type Iso27001Api } from '../editorApi';

/** Milliseconds from activation to the first result shown and to the first scan's result, and the files that scan analysed. */
interface Reopened {
	readonly api: Iso27001Api;
	readonly shown: number;
	readonly scanned: number;
	readonly analysed: number;
}

async function reopen(api: Iso27001Api): Promise<Reopened> {
	const next = await testHooks(api).reactivate();
	await next.getScanResult();
	const { activatedAt, folders } = testHooks(next).stats();
	const f = folders[0];
	return { api: next, shown: f.firstResultAt - activatedAt, scanned: f.scannedAt - activatedAt, analysed: f.lastScanAnalysed };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * Reopens the workspace `runs` times with the cache and `runs` times without it (iso27001.cache off),
 * printing the medians through `out`; returns the API of the last activation (cache on again).
 */
export async function measureReopen(api: Iso27001Api, files: number, runs: number, out: (line: string) => void): Promise<Iso27001Api> {
	await api.getScanResult(); // The cache is written once the scan's result is out, before the index is idle.
	const withCache: Reopened[] = [];
	for (let i = 0; i < runs; i++) {
		const r = await reopen(api);
		api = r.api;
		withCache.push(r);
	}
	const config = vscode.workspace.getConfiguration('iso27001');
	await config.update('cache', false, vscode.ConfigurationTarget.Workspace);
	const without: Reopened[] = [];
	try {
		for (let i = 0; i < runs; i++) {
			const r = await reopen(api);
			api = r.api;
			without.push(r);
		}
	} finally {
		await config.update('cache', undefined, vscode.ConfigurationTarget.Workspace);
	}
	const ms = (rs: Reopened[], k: 'shown' | 'scanned'): string => `${median(rs.map((r) => r[k])).toFixed(0)} ms`;
	out(`reopen of the ${files.toLocaleString('en')}-file workspace (median of ${runs}, from activation): with the cache, results shown after ${ms(withCache, 'shown')}, verified after ${ms(withCache, 'scanned')} (${median(withCache.map((r) => r.analysed))} files analysed); without it, results after ${ms(without, 'shown')} (${median(without.map((r) => r.analysed))} files analysed)`);
	await api.getScanResult();
	return api;
}
