import { calledName, literalText, propertyName, receiverName, tail, type CallRule, type EsNode, type Hit } from './ast';
import { SECURITY_PHRASE } from '../names';

/** Qualified-name prefix of loggers created for audit or security events (see `resolver.ts`). */
const AUDIT_PREFIX = '#audit-logger.';
const LOG_METHODS = new Set(['log', 'info', 'warn', 'warning', 'error', 'debug', 'trace', 'fatal', 'notice', 'critical', 'crit', 'alert', 'emerg', 'verbose', 'audit', 'event', 'record', 'write']);
/** Receivers that are audit or security loggers by name: `auditLog`, `this.audit`, `securityLogger`. */
const AUDIT_RECEIVER = /audit|^security(log|logger|events?)?$|securitylog/i;
/** Functions that log audit or security events by name: `logAudit()`, `logSecurityEvent()`, `auditLog()`. */
const AUDIT_FUNCTION = /^(log|record|emit|write|track|send)(Audit|Security)\w*$|^audit(Log|Event|Trail)?$/;
/** Receivers that are loggers: `console`, `log`, `logger`, `this.appLogger`, `req.log`. */
const LOGGER_RECEIVER = /^(console|log|logger|_log|_logger|winston|pino|bunyan)$|Log(ger)?$/;
/** Logger options that name the logger's channel. */
const LOGGER_KEYS = new Set(['name', 'label', 'channel', 'category', 'service', 'module', 'component', 'type', 'tag', 'topic', 'context', 'logger', 'defaultMeta', 'stream', 'facility']);
const LOGGER_FACTORY = /logger|^child$|^pino$|^bunyan$|^createChild\w*$/i;

/** True when a configuration value names an audit or security channel, looking into nested options. */
function namesAuditChannel(node: EsNode | undefined, depth: number): boolean {
	if (node === undefined || depth > 3) {
		return false;
	}
	const text = literalText(node);
	if (text !== null) {
		return /audit|security/i.test(text);
	}
	if (node.type === 'ObjectExpression') {
		return (node.properties as EsNode[]).some((p) => LOGGER_KEYS.has(propertyName(p) ?? '') && namesAuditChannel(p.value as EsNode, depth + 1));
	}
	if (node.type === 'CallExpression') {
		return (node.arguments as EsNode[]).some((a) => namesAuditChannel(a, depth + 1));
	}
	return false;
}

/** True for `logger.child({ channel: 'audit' })`, `pino({ name: 'security' })`, `log4js.getLogger('audit')`. */
export function isAuditLoggerCreation(_callee: EsNode, args: readonly EsNode[], chain: readonly string[] | null): boolean {
	const name = chain === null ? null : chain[chain.length - 1];
	return name !== null && LOGGER_FACTORY.test(name) && args.some((a) => namesAuditChannel(a, 0));
}

/** The literal text of a message, concatenations included (`'Login failed for ' + user`). */
function messageText(node: EsNode | undefined): string | null {
	if (node?.type === 'BinaryExpression' && node.operator === '+') {
		const parts = [messageText(node.left as EsNode), messageText(node.right as EsNode)].filter((p) => p !== null);
		return parts.length === 0 ? null : parts.join(' ');
	}
	return literalText(node);
}

/** The message a log call carries: its first or second argument's literal text (pino puts an object first). */
function logMessage(args: readonly EsNode[]): string | null {
	return messageText(args[0]) ?? messageText(args[1]);
}

function logging(api: string, message: string): Hit {
	return { category: 'logging', api, message };
}

/** Calls on audit/security loggers, audit functions, and log calls whose message is a security event. */
const loggingCallRule: CallRule = (site) => {
	const method = calledName(site);
	if (method === null || site.chain === null) {
		return null;
	}
	const receiver = receiverName(site);
	const api = tail(site.chain, 2);
	if (site.qname?.startsWith(AUDIT_PREFIX) === true && LOG_METHODS.has(method)) {
		return logging(api, `Audit event logged (${api})`);
	}
	if (receiver === null) {
		return AUDIT_FUNCTION.test(method) ? logging(method, `Audit event logged (${method})`) : null;
	}
	if (!LOG_METHODS.has(method)) {
		return null;
	}
	if (AUDIT_RECEIVER.test(receiver)) {
		return logging(api, `Audit event logged (${api})`);
	}
	const text = LOGGER_RECEIVER.test(receiver) ? logMessage(site.args) : null;
	const phrase = text === null ? null : SECURITY_PHRASE.exec(text);
	return phrase === null ? null : logging(api, `Security event logged: '${phrase[0]}' (${api})`);
};

/** Logging rules over calls, in order. */
export const LOGGING_RULES: readonly CallRule[] = [loggingCallRule];
