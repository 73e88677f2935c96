/**
 * The inline stylesheet and script of the HTML export. Both are constants: no data is ever
 * interpolated into them (the script reads everything it needs from the DOM), so they cannot be
 * broken out of, and the page's Content-Security-Policy can allow exactly them by hash.
 */

/** The page's stylesheet: light and dark schemes, status colours, chart, filters, print rules. */
export const HTML_STYLE = `
:root {
	color-scheme: light dark;
	--fg: #1f2328; --bg: #ffffff; --muted: #59636e; --border: #d1d9e0; --head: #f6f8fa;
	--covered: #116329; --covered-bg: #dafbe1; --uncovered: #a40e26; --uncovered-bg: #ffebe9;
	--excluded: #59636e; --excluded-bg: #eff2f5; --bar: #1f883d; --track: #e6eaef;
}
@media (prefers-color-scheme: dark) {
	:root {
		--fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --border: #3d444d; --head: #151b23;
		--covered: #7ee787; --covered-bg: #12261e; --uncovered: #ffa198; --uncovered-bg: #2d1214;
		--excluded: #b7bdc8; --excluded-bg: #212830; --bar: #3fb950; --track: #262c36;
	}
}
* { box-sizing: border-box; }
body { margin: 2rem; color: var(--fg); background: var(--bg);
	font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .75rem; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; }
code, .mono, td.path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.summary { display: flex; flex-wrap: wrap; gap: .75rem; list-style: none; margin: 0; padding: 0; }
.summary li { border: 1px solid var(--border); border-radius: 6px; padding: .45rem .9rem; min-width: 8rem; }
.summary strong { display: block; font-size: 1.4rem; }
.chart { display: block; max-width: 100%; height: auto; color: var(--fg); }
.chart text { fill: currentColor; font-size: 12px; }
.chart .track { fill: var(--track); stroke: var(--border); }
.chart .bar { fill: var(--bar); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--border); padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--head); position: sticky; top: 0; }
td { overflow-wrap: break-word; }
/* Paths, symbols and free text may hold long unbroken tokens: let those break anywhere. */
td.mono, td.text { overflow-wrap: anywhere; }
td.path { overflow-wrap: break-word; word-break: normal; }
td.text { white-space: pre-line; }
td.nowrap { white-space: nowrap; }
td.na { color: var(--muted); }
.status { display: inline-block; font-weight: 600; white-space: nowrap; border: 1px solid; border-radius: 4px;
	padding: 0 .35rem; }
.status-covered { color: var(--covered); background: var(--covered-bg); border-style: solid; }
.status-covered::before { content: "\\2713\\00a0"; }
.status-uncovered { color: var(--uncovered); background: var(--uncovered-bg); border-style: dashed; }
.status-uncovered::before { content: "\\2717\\00a0"; }
.status-excluded { color: var(--excluded); background: var(--excluded-bg); border-style: dotted; }
.status-excluded::before { content: "\\2013\\00a0"; }
.filters { display: flex; flex-wrap: wrap; gap: .6rem 1.25rem; align-items: center; padding: .6rem .8rem;
	border: 1px solid var(--border); border-radius: 6px; margin: .5rem 0; }
.filters[hidden] { display: none; }
.filters fieldset { display: flex; gap: .6rem; border: 0; margin: 0; padding: 0; }
.filters legend { float: left; margin-right: .4rem; font-weight: 600; }
.filters input[type="search"] { min-width: 16rem; }
.filter-count { color: var(--muted); margin: .25rem 0; }
.filter-count:empty { display: none; }
footer { margin-top: 2rem; color: var(--muted); font-size: .9em; }
@media print {
	:root {
		--fg: #000; --bg: #fff; --muted: #444; --border: #888; --head: #eee;
		--covered: #000; --covered-bg: #fff; --uncovered: #000; --uncovered-bg: #fff;
		--excluded: #000; --excluded-bg: #fff; --bar: #555; --track: #fff;
	}
	body { margin: 0; font-size: 9pt; }
	.filters, .no-print { display: none !important; }
	.filter-count:not(.filtered) { display: none; }
	thead { display: table-header-group; }
	thead th { position: static; }
	tr, .summary li, .chart { break-inside: avoid; page-break-inside: avoid; }
	h2 { break-after: avoid; page-break-after: avoid; }
}
`;

/**
 * The filter script. Plain ES5, no framework. It reveals the (initially hidden) filter form, then
 * shows or hides matrix rows by free text, status and theme. Without JavaScript the form stays
 * hidden and the full matrix shows.
 */
export const HTML_SCRIPT = `
(function () {
	'use strict';
	var form = document.getElementById('filters');
	var table = document.getElementById('matrix');
	var count = document.getElementById('filter-count');
	if (!form || !table || !count) return;
	var rows = Array.prototype.slice.call(table.tBodies[0].rows);
	var text = document.getElementById('filter-text');
	var theme = document.getElementById('filter-theme');
	var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="status"]'));
	function apply() {
		var query = text.value.trim().toLowerCase();
		var statuses = {};
		boxes.forEach(function (box) { statuses[box.value] = box.checked; });
		var shown = 0;
		rows.forEach(function (row) {
			var visible = statuses[row.getAttribute('data-status')] === true &&
				(theme.value === '' || row.getAttribute('data-theme') === theme.value) &&
				(query === '' || row.textContent.toLowerCase().indexOf(query) !== -1);
			row.hidden = !visible;
			if (visible) shown++;
		});
		var filtered = shown !== rows.length;
		count.textContent = filtered
			? 'Filtered view: showing ' + shown + ' of ' + rows.length + ' rows.'
			: 'Showing all ' + rows.length + ' rows.';
		count.className = filtered ? 'filter-count filtered' : 'filter-count';
	}
	form.addEventListener('input', apply);
	form.addEventListener('change', apply);
	form.addEventListener('submit', function (event) { event.preventDefault(); });
	form.addEventListener('reset', function () { setTimeout(apply, 0); });
	form.hidden = false;
	apply();
})();
`;
