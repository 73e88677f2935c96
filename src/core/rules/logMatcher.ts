/** The `log` records' matcher: a logger's call whose message (or event name) tells a security event. */
import { isSecurityEventName, SECURITY_PHRASE } from '../detection/names';
import { lastAssignment } from '../text/assignments';
import { lineStartWithin } from '../text/lineIndex';
import { auditLoggers } from './auditLoggers';
import type { LogMatch } from './model';
import type { CallSite } from './sites';
import { argWords, callApi, callWords, WordSet, type FileView, type Hit, type Matcher, type StringLiteral } from './view';

/** Log levels that are not security logging (a developer's trace), and words of calls that show, not log (flash messages, dialogs, a notice printed on the page, logger factories). */
const DEBUG_LEVELS = new Set([
	'debug', 'debugf', 'debugln', 'trace', 'tracef', 'verbose', 'silly', 'dbg', 'flash', 'show', 'display', 'render', 'toast', 'dialog', 'modal',
	'prompt', 'window', 'get', 'create', 'new', 'set', 'suppress', 'sanitize', 'print', 'format',
]);
/** Numbered debug levels in a logger's name (`ngx_log_debug1`, `Trace2`). */
const NUMBERED_DEBUG = /^(?:debug|trace)\d$/;
/** A debug or trace level passed as an argument (`log__printf(NULL, MOSQ_LOG_DEBUG, …)`, `syslog(LOG_DEBUG, …)`, `logger.log(logging.DEBUG, …)`, `cacti_log(…, POLLER_VERBOSITY_DEBUG)`, ProFTPD's `sql_log(DEBUG_WARN, …)`). */
const DEBUG_ARGUMENT = /\bDEBUG_[A-Z0-9]+\b|\b(?:[A-Z][A-Z0-9]*_)*(?:LOG_?|LEVEL_?|VERBOSITY_?)(?:DEBUG|TRACE)\d?\b|(?:\.|::)\s*(?:DEBUG|TRACE|Debug|Trace)\b|\bLog(?:Level)?_?(?:Debug|Trace)\b/;

/** Objects that show messages to a user (`Message::error(…)`, `notification.warn(…)`), not loggers. */
const UI_RECEIVERS = new Set(['message', 'messages', 'alert', 'alerts', 'notification', 'notifications']);

/**
 * Formatted error levels, which also name calls that build an error value (`fmt.Errorf(…)`,
 * `errors.Errorf(…)`): on any other receiver, as a statement of its own, they log (`c.Errorf("%v", ErrAuthentication)`).
 */
const ERROR_LEVELS = new Set(['errorf', 'errorln', 'fatalf', 'fatalln', 'criticalf', 'panicf']);
/** Receivers whose error levels build, fail or report an error rather than log it: error packages, test handles, responses. */
const ERROR_BUILDERS = new Set([
	'fmt', 'errors', 'xerrors', 'pkgerrors', 'errs', 'status', 'grpc', 'eris', 'trace', 'oops', 'werror', 't', 'b', 'tb', 'f', 'suite', 'assert',
	'require', 'check', 'res', 'resp', 'response', 'reply', 'w', 'ctx',
]);
/** Only a receiver chain before the call on its line: the call is a statement (`defer c.Errorf(…)`), its value unused. */
const STATEMENT_HEAD = /^\s*(?:\}\s*(?:else\s*\{\s*)?)?(?:defer\s+|go\s+)?(?:[\w$]+(?:\(\))?\s*(?:\.|->|::|\?\.)\s*)+$/;

const MAX_HEAD = 200;

/** A level word names a logger as the receiver's last word (`log.info.call(…)`), not inside a longer name (`mfaInfoProm.then(…)`). */
const LEVEL_WORD = /^(?:info|warn|notice|crit|alert|emerg|error|fatal|message)/;

/** An audit record told by its arguments: `log(user, AuditConstants.OP_START, Result.SUCCESS)`, `log(audit_event)`. */
const AUDIT_ARGUMENT = /\baudit(?:_|\b)|\bAudit[A-Z]/;

/** An error level called as a statement of a receiver that is no error builder (see {@link ERROR_LEVELS}). */
function logsAtErrorLevel(code: string, call: CallSite, last: string): boolean {
	if (!ERROR_LEVELS.has(last) || call.receiver === null || ERROR_BUILDERS.has(call.receiver)) {
		return false;
	}
	// A statement's head is a short receiver chain: a longer line start (a minified bundle's) is none.
	const lineStart = lineStartWithin(code, call.start, MAX_HEAD);
	return lineStart >= 0 && STATEMENT_HEAD.test(code.slice(lineStart, call.start));
}

/** A logger call: the call's last word or its receiver is a logger word, and it is not a debug-level call. */
function isLogCall(code: string, call: CallSite, loggers: WordSet, qualified: boolean): boolean {
	const own = callWords(call, false);
	const all = callWords(call, true);
	const receiver = all.slice(0, all.length - own.length);
	// `logOut()`, `log_in(…)`: signing out or in, not logging.
	if (all.some((w) => DEBUG_LEVELS.has(w) || NUMBERED_DEBUG.test(w)) || receiver.some((w) => UI_RECEIVERS.has(w)) || (own[0] === 'log' && (own[1] === 'out' || own[1] === 'off' || own[1] === 'in' || own[1] === 'on'))) {
		return false;
	}
	// GLib's `g_message(…)` logs; a function named for a message builds text to show (`wfMessage('wrongpassword')`, `new Message(…)`).
	// Nor is a message added for the user to see a log (`adapter.add_message(request, …)`, `messages.add_message(…)`).
	const last = own[own.length - 1] ?? '';
	const logsIt = (own.length === 2 && own[0] === 'g') || (own.length > 1 && loggers.has(own[0]));
	if (last === 'message' && !logsIt && (call.receiver === null || own.length > 1)) {
		return false;
	}
	if (receiver.some((w, i) => loggers.has(w) && (i === receiver.length - 1 || !LEVEL_WORD.test(w))) || (own.length > 1 && loggers.has(own[0]))) {
		return true;
	}
	// A level named last ends a logger's name (`Warnf`, `auth_log_info`), not any longer one's (`handleOAuthUserInfo`, `PutStatusNotice`).
	const loggerName = own.length <= 2 || loggers.any(own.slice(0, -1));
	return (loggers.has(last) && loggerName && (!ERROR_LEVELS.has(last) || logsAtErrorLevel(code, call, last))) || (qualified && qualifiedLog(own));
}

/** Words after `log` that name a log's set-up, not a record written to it (`openLogFile`, `setLogLevel`). */
const LOG_SETUP = new Set(['file', 'files', 'level', 'levels', 'dir', 'path', 'config', 'conf', 'handler', 'format', 'formatter', 'name', 'size', 'rotate', 'enabled', 'init', 'open', 'close', 'flush', 'fd', 'stream', 'buffer', 'mask', 'filter', 'prefix', 'id']);

/** A logger named by its library and what it logs: `cupsdLogClient(…)`, `ap_log_rerror(…)`, `ngx_log_error(…)`. */
function qualifiedLog(own: readonly string[]): boolean {
	const at = own.length - 2;
	return at >= 1 && own[at] === 'log' && !LOG_SETUP.has(own[at + 1]);
}

/** A call on an event or audit object read as the event it sends: `events.role.created` → `events.role.created`, `$this->audit->userDeleted` → `this.audit.userDeleted`. */
function eventPath(receiver: string, name: string): string {
	return `${receiver}.${name}`.replace(/->|::|\?\./g, '.').replace(/[\s$]/g, '');
}

export function logMatcher(m: LogMatch): Matcher {
	const loggers = new WordSet(m.loggers);
	const message = m.message === 'security-event' ? SECURITY_PHRASE : new RegExp(m.message, 'i');
	// Security events also go by name, to audit logs and analytics: `track('login_failed')`.
	const events = m.message === 'security-event';
	const unless = m.unless === null ? null : new RegExp(m.unless, 'i');

	return (view) => {
		const out: Hit[] = [];
		for (const call of view.callsWithWord(loggers, true)) {
			if (!isLogCall(view.code, call, loggers, m.qualified === true) || DEBUG_ARGUMENT.test(view.code.slice(call.open, Math.min(call.close, call.open + 200)))) {
				continue;
			}
			// The message, or an event named in code: `evLogger.Log(events.LoginAttempt)`.
			const strings = [...view.stringsIn(call), ...streamedStrings(view, call)];
			const words = m.literal === true ? '' : argWords(view, call).join(' ');
			// A message the `unless` pattern matches (in a literal or in the argument words) is no event.
			const excluded = unless !== null && (strings.some((s) => unless.test(s.content)) || unless.test(words));
			const built = strings.length === 0 ? builtMessages(view, call) : [];
			const told = !excluded && (strings.some((s) => message.test(s.content) || (events && isSecurityEventName(s.content))) || (words !== '' && message.test(words))
				|| built.some((b) => message.test(b) && !(unless?.test(b) ?? false))
				|| (events && call.receiver !== null && (auditLoggers(view).has(call.receiver) || isSecurityEventName(eventPath(call.receiver, call.name))))
				|| (events && AUDIT_ARGUMENT.test(view.code.slice(call.open, Math.min(call.close, call.open + 200)))));
			if (told) {
				out.push({ offset: call.start, api: callApi(call.receiver, call.name) });
			}
		}
		return out;
	};
}


/**
 * The messages a log call passes in variables, as they were built just before it (`message = _("Account
 * expired for %s") % user` … `LOG.error(message)`; `$logMsg = 'Throttle hit'` … `$logger->log($level, $logMsg)`).
 */
function builtMessages(view: FileView, call: CallSite): string[] {
	const args = view.code.slice(call.open + 1, Math.min(call.close, call.open + 200));
	const out: string[] = [];
	for (const m of args.matchAll(/(?:^|,)\s*\$?([a-z_]\w*)\s*(?=,|$)/gi)) {
		const last = lastAssignment(view.code, m[1], call.start, 2000);
		if (last !== null) {
			out.push(view.codeAndStrings.slice(last.end, last.end + 300).split(/;|\n\s*\n/)[0]);
		}
	}
	return out;
}

const CPP_FAMILY = new Set(['cpp', 'cuda-cpp', 'objective-cpp']);
const MAX_STREAM = 600;

/**
 * What a C++ logger call is streamed (`Log(LogWarning, "ApiListener") << "Unauthorized request from " << peer;`):
 * the string literals up to the statement's end.
 */
function streamedStrings(view: FileView, call: CallSite): StringLiteral[] {
	if (!CPP_FAMILY.has(view.languageId) || !/^\)?\s*<</.test(view.code.slice(call.close, call.close + 40))) {
		return [];
	}
	const semicolon = view.code.indexOf(';', call.close);
	const end = Math.min(semicolon < 0 ? view.code.length : semicolon, call.close + MAX_STREAM);
	return view.stringsIn({ ...call, open: call.close, close: end }, 6);
}
