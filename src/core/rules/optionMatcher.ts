/**
 * `option` records: a setting written with a key and a value (`rejectUnauthorized: false`,
 * `verify_mode = OpenSSL::SSL::VERIFY_NONE`, `"ssl" => true`), found in one pass per file for all of them.
 */
import { escapeRegExp } from '../detection/custom/calls';
import type { OptionMatch } from './model';
import { SharedAlternation, type FileView, type Hit, type Matcher } from './view';

const escape = escapeRegExp;

/** Values that are types, not settings (`rejectUnauthorized: boolean` in an interface), or no value at all (`ssl_keyfile = None`). */
const TYPE_VALUE = /^(?:boolean|bool|string|number|int|any|undefined|null|None|nil|NULL|\?)\b/;

/** An options hash read by key (`options.fetch(:ssl_context`, `opts['capath']`): the key read. */
const FETCHED = /^[\w.]*(?:fetch\s*\(\s*|\[\s*)[:'"]([a-z_$][\w$]*)/;

/**
 * A value that only hands on a value of the key's name from a variable, parameter or options hash, made
 * elsewhere: `ssl_context: ssl_context`, `capath = @capath`, `sslContext: this.sslContext`,
 * `ssl_context: options.fetch(:ssl_context`, `ssl_context: system_ssl_context`. Where that value is
 * made is the setting. A member of another object (`InsecureSkipVerify: cfg.InsecureSkipVerify`) is a
 * setting read from configuration, and stays one.
 */
function forwards(key: string, value: string): boolean {
	const k = key.toLowerCase();
	const v = value.toLowerCase().replace(/^(?:@|\$|(?:self|this)\s*\.\s*)/, '');
	if (/^[a-z_]\w*$/.test(v)) {
		return v === k || v.endsWith(`_${k}`);
	}
	return FETCHED.exec(v)?.[1] === k;
}

/**
 * A value that copies the same setting of another object (`clone.TLSConfig = opts.TLSConfig.Clone()`,
 * `cfg.tls_options = copy(base.tls_options)`): the setting is where the original is made.
 */
function copies(key: string, value: string): boolean {
	const m = COPIED.exec(value.replace(/\s+/g, ''));
	const chain = m?.[1] ?? m?.[2];
	return chain !== undefined && /(?:\.|->)/.test(chain) && chain.split(/\.|->/).pop()?.toLowerCase() === key.toLowerCase();
}

/** A member chain copied: `copy(base.tls_options)`, `copy.deepcopy(x.y)`, `r.TLSConfig.Clone()` (the value stops at the first `)`). */
const COPIED = /^(?:(?:copy\.)?(?:copy|deepcopy|clone)\(([\w$.>-]+)\)?|([\w$.>-]+)\.(?:clone|copy|dup)\(\)?)$/i;

/** Languages whose settings are members (`ctx->verify_mode = …`, `.verify_mode = …`): a bare name assigned is a variable. */
const C_FAMILY = new Set(['c', 'cpp', 'cuda-cpp', 'objective-c', 'objective-cpp']);

/** The object's own member (`self.validate_certs`, `this.verify`, `@verify`): the setting it was configured with, in use. */
const OWN_MEMBER = /^(?:@|(?:self|this)\s*\.)/;

/** A key written as a member of another object (`client.EnableSsl = EnableSsl`): setting that object, not handing on. */
function ofAnotherObject(text: string, at: number): boolean {
	const before = /([\w$@]+)\s*(?:\.|->)\s*$/.exec(text.slice(Math.max(0, at - 60), at));
	return before !== null && !/^(?:self|this|@\w*)$/.test(before[1]);
}

/** A setting written in a file: `key: value`, `key = value`, `"key" => value`, `KEY, value`. */
interface OptionSite {
	readonly index: number;
	readonly quote: string;
	readonly key: string;
	readonly sep: string;
	readonly value: string;
}

/** The keys of every option record compiled so far: a file's settings are found in one pass for them all. */
// A quoted key may be an index (`$context['ssl']['cafile'] = …`, `ctx["verify_mode"] = …`).
const OPTION_KEYS = new SharedAlternation((keys) => String.raw`(?<![\w$])(["']?)(${keys})\1(\s*\])?\s*(=>|:=|:|=(?!=)|,)[ \t]*([^,;)}\n]*)`);

/** Every setting of a known key in a file's code and strings, found once per file. */
function optionSites(view: FileView): readonly OptionSite[] {
	return OPTION_KEYS.once(view, (re) => {
		const text = view.codeAndStrings;
		const out: OptionSite[] = [];
		for (let r = re.exec(text); r !== null; r = re.exec(text)) {
			// An index is a setting written with `=` only, and only with its key quoted.
			if (r[3] === undefined || (r[1] !== '' && r[4] === '=')) {
				out.push({ index: r.index, quote: r[1], key: r[2], sep: r[4], value: r[5] });
			}
			// A value may hold another setting (`ssl: { rejectUnauthorized: false }`): search on after the separator.
			re.lastIndex = r.index + r[0].length - r[5].length;
		}
		return out;
	});
}

export function optionMatcher(m: OptionMatch): Matcher {
	OPTION_KEYS.add(...m.keys.map(escape));
	const keys = new Set(m.keys);
	const value = m.value === null ? null : new RegExp(m.value, 'i');
	return (view) => {
		const text = view.codeAndStrings;
		const out: Hit[] = [];
		for (const r of optionSites(view)) {
			if (!keys.has(r.key)) {
				continue;
			}
			const keyAt = r.index + r.quote.length;
			const inString = view.code[keyAt] !== text[keyAt];
			if ((inString && r.quote === '') || (r.sep === ',' && !/^[A-Z0-9_]+$/.test(r.key))) {
				continue;
			}
			if (r.sep === '=' && r.quote === '' && C_FAMILY.has(view.languageId) && !/(?:\.|->)\s*$/.test(text.slice(Math.max(0, r.index - 8), r.index))) {
				continue; // a C variable (`int verify_mode = 0;`), not a member or a designated initializer
			}
			if (r.sep === ':=') {
				continue; // a Go variable declared (`useTLS := DefaultTLSValue`), not a setting
			}
			const v = r.value.trim();
			if (copies(r.key, v)) {
				continue;
			}
			if (forwards(r.key, v) && !ofAnotherObject(text, r.index) && !(m.forwards === true && OWN_MEMBER.test(v))) {
				continue;
			}
			if (value === null ? !TYPE_VALUE.test(v) && v !== '' : value.test(v)) {
				out.push({ offset: r.index, api: `${r.key}${r.sep === ',' ? ', ' : ' = '}${v.slice(0, 40)}` });
			}
		}
		return out;
	};
}
