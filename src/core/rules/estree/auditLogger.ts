/**
 * Loggers created for an audit or security channel (`logger.child({ channel: 'audit' })`,
 * `pino({ name: 'security' })`, `log4js.getLogger('audit')`): the resolver binds them to the
 * pseudo-module {@link AUDIT_LOGGER}, which rule records name (`$audit-logger.info`).
 */
import { literalText, propertyName, type EsNode } from './ast';

/** The qualified name of a logger created for audit or security events. */
export const AUDIT_LOGGER = '$audit-logger';

/** What a file must contain for such a logger to be created in it: one of these anchors, and the condition. */
export const AUDIT_LOGGER_ANCHORS: readonly string[] = ['audit', 'security'];
export const AUDIT_LOGGER_CONDITION = /logger|\bchild\b|pino|bunyan|createChild/i;

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

/** True for a call that creates an audit or security logger; `chain` is its callee as written. */
export function isAuditLoggerCreation(args: readonly EsNode[], chain: readonly string[] | null): boolean {
	const name = chain === null ? null : chain[chain.length - 1];
	return name !== null && LOGGER_FACTORY.test(name) && args.some((a) => namesAuditChannel(a, 0));
}
