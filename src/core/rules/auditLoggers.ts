/** Loggers a file names for the audit or security trail, for the `log` records. */
import type { FileView } from './view';

/** A logger made under a name that says audit or security: `getLogger("myapp.audit")`, `LoggerFactory.getLogger("security")`. */
const AUDIT_LOGGER = /\b(?:getLogger|get_logger|GetLogger|getLog|child)\s*\(\s*['"`][^'"`\n]*\b(?:audit|security)\b[^'"`\n]*['"`]/gi;
/** The variable a logger is assigned to, written just before the call that makes it: `audit = logging.`, `Logger log = LoggerFactory.`. */
const ASSIGNED_TO = /([A-Za-z_$][\w$]*)\s*(?::[^=\n]{0,40})?=\s*(?:[\w$]+\s*\.\s*)*$/;
const AUDIT_LOGGERS_KEY = {};

/**
 * The variables a file binds to loggers that keep the audit or security trail (`audit =
 * logging.getLogger("audit")`): what they record at info level or above is a security event, whatever
 * the message says. Found once per file.
 */
export function auditLoggers(view: FileView): ReadonlySet<string> {
	return view.memo(AUDIT_LOGGERS_KEY, () => {
		const text = view.codeAndStrings;
		const names = new Set<string>();
		for (const m of text.matchAll(AUDIT_LOGGER)) {
			const before = ASSIGNED_TO.exec(text.slice(text.lastIndexOf('\n', m.index) + 1, m.index));
			if (before !== null) {
				names.add(before[1]);
			}
		}
		return names;
	});
}
