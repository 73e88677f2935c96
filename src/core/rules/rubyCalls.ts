/** Ruby's calls written without parentheses (`logger.warn "Failed login"`, `reset_session`, `user.verify_otp!`). */
import { receiverBefore, type CallSite } from './callText';

/** Ruby words that are not method calls when followed by an argument. */
const RUBY_KEYWORDS = new Set([
	'def', 'end', 'class', 'module', 'if', 'elsif', 'else', 'unless', 'while', 'until', 'case', 'when', 'then', 'do', 'begin', 'rescue',
	'ensure', 'return', 'yield', 'and', 'or', 'not', 'in', 'alias', 'undef', 'super', 'self', 'nil', 'true', 'false', 'require',
	'require_relative', 'include', 'extend', 'attr_accessor', 'attr_reader', 'attr_writer', 'private', 'protected', 'public', 'next', 'break',
	'redo', 'retry', 'defined', 'loop', 'lambda', 'proc', 'puts', 'p', 'pp', 'print',
]);
const RUBY_BARE_CALL = /(?<![\w$@:?!])([a-z_]\w*[?!]?)[ \t]/g;
const RUBY_ARGUMENT = /^(?:["'`@$]|:(?!:)|[A-Za-z0-9_](?!\w*\s*(?:=[^=~>]|\+=|-=|\|\|=)))/;
const RUBY_NOT_ARGUMENT = /^(?:do|if|unless|and|or|then|end|while|until|rescue|in|not)\b/;

const RUBY_STATEMENT_CALL = /^[ \t]*([a-z_]\w*[?!]?)[ \t]*$/gm;

/** Ruby method calls with no arguments written alone on a line (`reset_session`), unless the name is a local variable. */
function rubyStatementCalls(code: string): CallSite[] {
	const out: CallSite[] = [];
	const locals = new Set<string>();
	for (const m of code.matchAll(/(?<![\w.@$])([a-z_]\w*)\s*(?:=[^=~>]|\|\|=)/g)) {
		locals.add(m[1]);
	}
	for (const m of code.matchAll(/\|([^|\n]*)\|/g)) {
		for (const p of m[1].split(/[\s,*&()]+/)) {
			locals.add(p);
		}
	}
	RUBY_STATEMENT_CALL.lastIndex = 0;
	for (let m = RUBY_STATEMENT_CALL.exec(code); m !== null; m = RUBY_STATEMENT_CALL.exec(code)) {
		const name = m[1];
		const start = m.index + m[0].indexOf(name);
		if (!RUBY_KEYWORDS.has(name) && !locals.has(name)) {
			out.push({ start, name, receiver: null, open: start + name.length, close: start + name.length, constructs: false });
		}
	}
	return out;
}

/**
 * Ruby methods called on an object with neither parentheses nor arguments, named for an action
 * (`@provider.load_private_key_password`, `user.verify_otp!`): attribute readers (`list.gpg`,
 * `site.use_ssl?`) look the same and are left out.
 */
const RUBY_MEMBER_CALL = /(?<=[\w\])?!]&?\.)((?:load|get|read|fetch|retrieve|verify|validate|check|authenticate|authorize|generate|sign|encrypt|decrypt|digest|reset|revoke|revoked(?=\?)|issue|require|ensure|lookup|refresh|rotate|import|destroy|invalidate|regenerate)(?:_\w*)?[?!]?)(?![\w(])(?![ \t]*(?:=[^=~>]|\+=|-=|\|\|=|&&=))(?![ \t]+(?!(?:if|unless|and|or|then|do|rescue|while|until)\b)(?:["'`@$]|:(?!:)|[A-Za-z0-9_]))/g;

function rubyMemberCalls(code: string): CallSite[] {
	const out: CallSite[] = [];
	RUBY_MEMBER_CALL.lastIndex = 0;
	for (let m = RUBY_MEMBER_CALL.exec(code); m !== null; m = RUBY_MEMBER_CALL.exec(code)) {
		const end = m.index + m[0].length;
		out.push({ start: m.index, name: m[1], receiver: receiverBefore(code, m.index), open: end, close: end, constructs: false });
	}
	return out;
}

/** Ruby calls written without parentheses: `logger.warn "Failed login"`, `authorize :edit, project`, `obj.reload_keys`. */
export function rubyBareCalls(code: string, withStrings: string): CallSite[] {
	const out: CallSite[] = [...rubyStatementCalls(code), ...rubyMemberCalls(code)];
	RUBY_BARE_CALL.lastIndex = 0;
	for (let m = RUBY_BARE_CALL.exec(code); m !== null; m = RUBY_BARE_CALL.exec(code)) {
		const name = m[1];
		let argAt = m.index + m[0].length;
		while (withStrings[argAt] === ' ' || withStrings[argAt] === '\t') {
			argAt++;
		}
		const next = withStrings.slice(argAt, argAt + 40);
		if (RUBY_KEYWORDS.has(name) || !RUBY_ARGUMENT.test(next) || RUBY_NOT_ARGUMENT.test(next)) {
			continue;
		}
		const lineEnd = code.indexOf('\n', argAt);
		out.push({ start: m.index, name, receiver: receiverBefore(code, m.index), open: argAt - 1, close: lineEnd < 0 ? code.length : lineEnd, constructs: false });
	}
	return out;
}
