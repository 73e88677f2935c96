// Takes the README's screenshots in a real VS Code and writes them to docs/images/:
//
//   coverage-view.png  the "ISO 27001" activity-bar container (Coverage and Unmapped Sensitive Code views)
//                      with a theme expanded to its controls and one control to its locations, and the
//                      status bar item;
//   quick-fix.png      an unmapped-sensitive-code diagnostic in the editor with its quick-fix menu open;
//   diagnostic-hover.png  the hover of that diagnostic;
//   matrix.png         the top of the HTML traceability matrix of the examples (its "Root" line shows
//                      `examples` instead of the temporary copy's absolute path);
//   soa.png            the HTML Statement of Applicability of the examples (export --report soa), scrolled
//                      to the incident-management controls: document, link and implementation evidence.
//
// code-server (installed on first use, as for the integration tests) opens a temporary copy of examples/
// with this repository loaded as the extension under development (no tests module, so the workbench stays
// interactive), in Debian's headless Chromium driven by playwright-core. Every step waits for a DOM
// condition with a timeout and fails the run (exit 1) naming the step; a screenshot of the page at that
// moment is kept in .vscode-test/logs/screenshots-failure.png.
//
//   npm run screenshots            (builds first)
//   node scripts/screenshots.mjs   (needs dist/ built)
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), ISO27001_SCREENSHOTS_KEEP=1 keeps the temporary
// folder, ISO27001_SCREENSHOTS_STEP_TIMEOUT_MS (default 30 s per step; the first scan of the workspace
// gets four times as long).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, freePort, running, startCodeServer, stopAll, waitForServer, workbenchUrl } from './integration/codeServer.mjs';
import { ensureCodeServer } from './integration/install-code-server.mjs';
import { REPO_ROOT } from './integration/sessions.mjs';

const OUT_DIR = join(REPO_ROOT, 'docs', 'images');
const LOG_DIR = join(REPO_ROOT, '.vscode-test', 'logs');
const STEP_TIMEOUT_MS = Number(process.env.ISO27001_SCREENSHOTS_STEP_TIMEOUT_MS ?? 30_000);
const VIEWPORT = { width: 1400, height: 860 };
const MATRIX_VIEWPORT = { width: 1280, height: 900 };
const SIDEBAR_WIDTH = 560;
/** Size above which a picture gets a warning (README pictures stay small). */
const MAX_KB = 300;
/** The file and position of the unmapped finding whose quick fixes are shown (os.environ: secrets). */
const QUICK_FIX = { file: 'worker/app/tokens.py', line: 40, column: 30 };

/** User settings of the fresh profile: the web workbench's default light theme (like the matrix) and a quiet workbench. */
const SETTINGS = {
	'workbench.colorTheme': 'Default Light Modern',
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'workbench.enableExperiments': false,
	'workbench.welcomePage.walkthroughs.openOnInstall': false,
	'workbench.layoutControl.enabled': false,
	'window.commandCenter': false,
	'chat.commandCenter.enabled': false,
	'extensions.ignoreRecommendations': true,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'editor.minimap.enabled': false,
	'editor.stickyScroll.enabled': false,
	'editor.wordWrap': 'on',
	'editor.fontSize': 14,
	'git.enabled': false,
	'security.workspace.trust.enabled': false,
};

class StepError extends Error {}

const log = (msg) => process.stdout.write(`${msg}\n`);

/** Runs one named step: `fn` waits for its DOM conditions; a timeout becomes a StepError naming the step. */
async function step(page, name, fn) {
	const started = Date.now();
	try {
		const r = await fn();
		log(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
		return r;
	} catch (e) {
		const shot = join(LOG_DIR, 'screenshots-failure.png');
		await page?.screenshot({ path: shot }).catch(() => {});
		const why = e?.name === 'TimeoutError' ? `not met within its timeout: ${e.message.split('\n')[0]}` : e.message;
		throw new StepError(`step "${name}" failed: ${why}\n  page at that moment: ${relative(REPO_ROOT, shot)}`);
	}
}

/** Waits until `locator` is visible. */
const visible = (locator, timeout = STEP_TIMEOUT_MS) => locator.first().waitFor({ state: 'visible', timeout });

/** Runs a command through the command palette (F1, type its title, Enter). */
async function runCommand(page, title) {
	await page.keyboard.press('F1');
	const input = page.locator('.quick-input-widget .quick-input-box input');
	await visible(input);
	await input.fill(`>${title}`);
	const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title });
	await visible(row);
	await page.keyboard.press('Enter');
	await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
}

/** Removes every notification toast (and waits until none is shown). */
async function clearNotifications(page) {
	const toasts = page.locator('.notifications-toasts .notification-toast');
	if (await toasts.count() > 0) {
		await runCommand(page, 'Notifications: Clear All Notifications');
		await toasts.first().waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
	}
}

/** The view pane (header + tree) titled `title` in the side bar. */
function pane(page, title) {
	return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^${title}$`, 'i') }) });
}

/** A tree row of `container` whose label starts with `label`. */
function row(container, label) {
	return container.locator('.monaco-list-row').filter({ has: container.page().locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }) });
}

/** Expands a collapsed tree row (a click toggles it) and waits until it reports aria-expanded=true. */
async function expand(r) {
	await visible(r);
	if (await r.first().getAttribute('aria-expanded') !== 'true') {
		await r.first().locator('.monaco-tl-twistie').click();
	}
	await r.first().and(r.page().locator('[aria-expanded="true"]')).waitFor({ timeout: STEP_TIMEOUT_MS });
}

async function shoot(page, file, clip) {
	const path = join(OUT_DIR, file);
	await page.screenshot({ path, clip });
	const kb = Math.round(statSync(path).size / 1024);
	log(`  → ${relative(REPO_ROOT, path)} (${kb} KB)${kb > MAX_KB ? ` warning: more than ${MAX_KB} KB` : ''}`);
}

async function workbenchShots(browser, port, workspacePath) {
	const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
	await step(page, 'open the workbench', async () => {
		await page.goto(workbenchUrl(port, workspacePath), { waitUntil: 'domcontentloaded', timeout: 120_000 });
		await visible(page.locator('.monaco-workbench .part.activitybar'), 120_000);
	});

	const container = page.locator('.part.activitybar .action-item a[aria-label^="ISO 27001"]');
	await step(page, 'open the ISO 27001 container', async () => {
		await visible(container, 60_000);
		await container.first().click();
		await visible(pane(page, 'Coverage'));
	});

	const coverage = pane(page, 'Coverage');
	await step(page, 'wait for the coverage tree (first scan)', async () => {
		await visible(row(coverage, 'A.8 Technological'), 4 * STEP_TIMEOUT_MS);
		await visible(coverage.locator('.pane-header .description', { hasText: /% covered/ }));
		await visible(page.locator('.part.statusbar .statusbar-item', { hasText: /ISO 27001 \d/ }));
	});

	await step(page, 'dismiss notifications', () => clearNotifications(page));

	await step(page, 'widen the side bar', async () => {
		const sidebar = await page.locator('.part.sidebar').boundingBox();
		const sash = page.locator('.monaco-sash.vertical').filter({ visible: true });
		// The sash on the side bar's right edge.
		const edge = sidebar.x + sidebar.width;
		let target;
		for (const s of await sash.all()) {
			const b = await s.boundingBox();
			if (b && Math.abs(b.x + b.width / 2 - edge) < 6) {
				target = b;
			}
		}
		if (!target) {
			throw new Error('no sash at the side bar edge');
		}
		const y = target.y + target.height / 2;
		await page.mouse.move(target.x + target.width / 2, y);
		await page.mouse.down();
		await page.mouse.move(sidebar.x + SIDEBAR_WIDTH, y, { steps: 8 });
		await page.mouse.up();
		const after = await page.locator('.part.sidebar').boundingBox();
		if (Math.abs(after.width - SIDEBAR_WIDTH) > 20) {
			throw new Error(`side bar is ${after.width}px wide after the drag`);
		}
	});

	await step(page, 'expand A.8 Technological → A.8.5 Secure authentication', async () => {
		await expand(row(coverage, 'A.8 Technological'));
		await expand(row(coverage, 'A.8.5 '));
		// Its locations: rows of the file names under it.
		await visible(coverage.locator('.monaco-list-row[aria-level="3"]'));
	});

	const findings = pane(page, 'Unmapped Sensitive Code');
	await step(page, 'expand the unmapped findings', async () => {
		await visible(findings.locator('.monaco-list-row'));
		await expand(row(findings, 'tls'));
		await visible(findings.locator('.monaco-list-row[aria-level="2"]'));
	});

	await step(page, 'open a location in the editor', async () => {
		const location = coverage.locator('.monaco-list-row[aria-level="3"]').first();
		await location.click();
		await visible(page.locator('.editor-group-container .monaco-editor .view-lines'));
		// Focus the editor, so that the tree shows its selection without the focus highlight.
		await page.keyboard.press('Control+1');
		await visible(page.locator('.editor-group-container .monaco-editor.focused'));
		await clearNotifications(page);
		// The status bar settles once every extension has activated.
		await page.locator('.part.statusbar .statusbar-item', { hasText: 'Activating Extensions' }).waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
	});

	await step(page, 'screenshot coverage-view.png', () => shoot(page, 'coverage-view.png'));

	await step(page, 'hide the side bar', async () => {
		await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
		await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
	});

	await step(page, `open ${QUICK_FIX.file}`, async () => {
		await page.keyboard.press('Control+P');
		const input = page.locator('.quick-input-widget .quick-input-box input');
		await visible(input);
		await input.fill(QUICK_FIX.file);
		await visible(page.locator('.quick-input-widget .monaco-list-row', { hasText: 'tokens.py' }));
		await page.keyboard.press('Enter');
		await visible(page.locator('.tabs-container .tab.active', { hasText: 'tokens.py' }));
	});

	await step(page, `go to line ${QUICK_FIX.line}:${QUICK_FIX.column}`, async () => {
		await page.keyboard.press('Control+G');
		const input = page.locator('.quick-input-widget .quick-input-box input');
		await visible(input);
		await input.fill(`:${QUICK_FIX.line}:${QUICK_FIX.column}`);
		await visible(page.locator('.quick-input-widget .monaco-list-row', { hasText: `Go to line ${QUICK_FIX.line} and character ${QUICK_FIX.column}` }));
		await page.keyboard.press('Enter');
		await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
		await visible(page.locator('.part.statusbar .statusbar-item', { hasText: `Ln ${QUICK_FIX.line}, Col ${QUICK_FIX.column}` }));
	});

	await step(page, 'wait for the unmapped-sensitive-code squiggle', async () => {
		await visible(page.locator('.monaco-editor .squiggly-warning'));
		await clearNotifications(page);
	});

	/** The editor group from its top to `bottom`, as wide as `width` (or the group). */
	const editorClip = async (bottom, width) => {
		const editor = await page.locator('.editor-group-container').first().boundingBox();
		const w = Math.min(editor.width, width ?? editor.width);
		return { x: editor.x, y: editor.y, width: w, height: Math.min(editor.y + editor.height, bottom) - editor.y };
	};

	await step(page, 'open the quick-fix menu (Ctrl+.)', async () => {
		await page.keyboard.press('Control+.');
		const menu = page.locator('.action-widget');
		await visible(menu.locator('.action-item, .monaco-list-row', { hasText: 'Add @iso27001 A.8.24' }));
		await visible(menu.locator('.action-item, .monaco-list-row', { hasText: 'Accept as exception' }));
	});

	await step(page, 'screenshot quick-fix.png', async () => {
		const menu = await page.locator('.action-widget').first().boundingBox();
		await shoot(page, 'quick-fix.png', await editorClip(menu.y + menu.height + 24, 980));
	});

	await step(page, 'hover the diagnostic', async () => {
		await page.keyboard.press('Escape');
		await page.locator('.action-widget').first().waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
		const squiggle = page.locator('.monaco-editor .squiggly-warning').last();
		const b = await squiggle.boundingBox();
		await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
		await visible(page.locator('.monaco-hover', { hasText: 'no @iso27001 annotation maps' }));
	});

	await step(page, 'screenshot diagnostic-hover.png', async () => {
		const hover = await page.locator('.monaco-hover', { hasText: 'no @iso27001 annotation maps' }).first().boundingBox();
		const line = await page.locator('.monaco-editor .squiggly-warning').last().boundingBox();
		const editor = await page.locator('.editor-group-container').first().boundingBox();
		// From a few lines above the hover to a line below the diagnostic, as wide as the hover needs.
		const y = Math.max(editor.y, hover.y - 64);
		const right = Math.min(editor.x + editor.width, Math.max(editor.x + 980, hover.x + hover.width + 24));
		await shoot(page, 'diagnostic-hover.png', { x: editor.x, y, width: right - editor.x, height: Math.min(editor.y + editor.height, line.y + line.height + 40) - y });
	});
	await page.close();
}

async function matrixShot(browser, tmp, workspacePath) {
	const html = join(tmp, 'matrix.html');
	await step(undefined, 'export the HTML matrix', async () => {
		execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'iso27001.js'), 'export', workspacePath, '--format', 'html', '--output', html],
			{ stdio: ['ignore', 'pipe', 'pipe'] });
	});
	const page = await browser.newPage({ viewport: MATRIX_VIEWPORT, deviceScaleFactor: 1 });
	await step(page, 'open the matrix', async () => {
		await page.goto(pathToFileURL(html).href, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
		await visible(page.locator('table'));
		// The header names the absolute root, here a temporary folder: show the folder the examples come from.
		await page.evaluate((root) => {
			for (const dd of document.querySelectorAll('dd')) {
				if (dd.textContent === root) {
					dd.textContent = 'examples';
				}
			}
		}, workspacePath);
	});
	await step(page, 'screenshot matrix.png', () => shoot(page, 'matrix.png'));
	await page.close();
}

async function soaShot(browser, tmp, workspacePath) {
	const html = join(tmp, 'soa.html');
	await step(undefined, 'export the HTML Statement of Applicability', async () => {
		execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'iso27001.js'), 'export', workspacePath, '--format', 'html', '--report', 'soa', '--output', html],
			{ stdio: ['ignore', 'pipe', 'pipe'] });
	});
	const page = await browser.newPage({ viewport: { width: 1280, height: 560 }, deviceScaleFactor: 1 });
	await step(page, 'open the Statement of Applicability', async () => {
		await page.goto(pathToFileURL(html).href, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
		await visible(page.locator('table'));
		// Scroll so that A.5.24 sits under the sticky column headers.
		await page.evaluate(() => {
			const row = [...document.querySelectorAll('tbody tr')].find((tr) => tr.textContent.startsWith('A.5.24'));
			const head = document.querySelector('thead').getBoundingClientRect().height;
			window.scrollTo(0, row.getBoundingClientRect().top + window.scrollY - head);
		});
	});
	await step(page, 'screenshot soa.png', () => shoot(page, 'soa.png'));
	await page.close();
}

async function main() {
	const started = Date.now();
	for (const sig of ['SIGINT', 'SIGTERM']) {
		process.once(sig, () => {
			void stopAll().finally(() => process.exit(130));
		});
	}
	ensureCodeServer();
	if (!existsSync(CHROMIUM)) {
		throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
	}
	for (const f of ['extension.js', 'cli.js']) {
		if (!existsSync(join(REPO_ROOT, 'dist', f))) {
			throw new Error(`dist/${f} is missing: run \`npm run build\` first`);
		}
	}
	mkdirSync(OUT_DIR, { recursive: true });
	mkdirSync(LOG_DIR, { recursive: true });

	const tmp = mkdtempSync(join(tmpdir(), 'iso27001-screenshots-'));
	const workspacePath = join(tmp, 'workspace', 'examples');
	cpSync(join(REPO_ROOT, 'examples'), workspacePath, { recursive: true });
	mkdirSync(join(tmp, 'user-data', 'User'), { recursive: true });
	writeFileSync(join(tmp, 'user-data', 'User', 'settings.json'), JSON.stringify(SETTINGS, null, '\t'));
	const logFile = join(LOG_DIR, 'screenshots-code-server.log');
	try {
		const port = await freePort();
		const server = startCodeServer({ port, workspacePath, tmp, logFile, trust: true });
		await waitForServer(port, server, logFile);
		const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
		running.add({ stop: () => browser.close() });
		await workbenchShots(browser, port, workspacePath);
		await matrixShot(browser, tmp, workspacePath);
		await soaShot(browser, tmp, workspacePath);
	} finally {
		await stopAll();
		if (process.env.ISO27001_SCREENSHOTS_KEEP === '1') {
			log(`(kept ${tmp})`);
		} else {
			rmSync(tmp, { recursive: true, force: true });
		}
	}
	log(`screenshots written to ${relative(REPO_ROOT, OUT_DIR)}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch(async (e) => {
	console.error(`error: ${e instanceof StepError ? e.message : e.stack ?? e}`);
	await stopAll();
	process.exitCode = 1;
});
