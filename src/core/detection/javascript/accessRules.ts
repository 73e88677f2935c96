import { calledName, keyName, receiverName, stringValue, tail, type CallRule, type EsNode, type Hit } from './ast';

const ACCESS_APIS: ReadonlyMap<string, string> = new Map([
	['casbin.newEnforcer', 'Casbin policy enforcer created'],
	['casbin.newSyncedEnforcer', 'Casbin policy enforcer created'],
	['casbin.newCachedEnforcer', 'Casbin policy enforcer created'],
	['@casl/ability.defineAbility', 'CASL abilities defined'],
	['@casl/ability.createMongoAbility', 'CASL abilities defined'],
	['@casl/ability.AbilityBuilder', 'CASL abilities defined'],
	['@casl/ability.Ability', 'CASL abilities defined'],
	['@casl/ability.PureAbility', 'CASL abilities defined'],
	['@casl/ability.ForbiddenError.throwUnlessCan', 'Permission enforced'],
	['@casl/ability.Ability.can', 'Permission checked'],
	['@casl/ability.Ability.cannot', 'Permission checked'],
	['accesscontrol.AccessControl', 'Access-control grants defined'],
	['accesscontrol.AccessControl.can', 'Permission checked'],
	['acl.isAllowed', 'Permission checked'],
	['@nestjs/common.UseGuards', 'Route guarded'],
]);

/** Casbin enforcer methods: checks and policy changes. */
const ENFORCER_METHODS = /^(enforce(Sync|Ex|WithMatcher)?|(add|remove|update)(Named)?(Grouping)?Polic(y|ies)|(add|delete)(Role|Permission)s?ForUser|hasRoleForUser|hasPermissionForUser)$/;
/** Function and method names that are role or permission checks wherever they come from. */
const CHECK_NAMES = /^(has(Any|All)?(Role|Permission|Authority|Scope)s?|check(Role|Permission|Access)s?|require(Role|Permission|Admin)s?|ensure(Role|Permission|Admin)s?|assert(Role|Permission|Access)s?|is(Super)?Admin|authori[sz]e|isAuthori[sz]ed)$/;
/** Decorators that declare the roles or permissions a handler needs. */
const DECORATOR_NAMES = /^(Roles|HasRoles|RequireRoles|Permissions|RequirePermissions|HasPermissions|Authorized|PreAuthorize|Scopes)$/;
const ROLE_LISTS = /^(roles|userRoles|permissions|userPermissions|authorities|grantedAuthorities)$/;
const LIST_METHODS = new Set(['includes', 'indexOf', 'some', 'every', 'has', 'find']);
const ROLE_FIELDS = new Set(['role', 'userRole', 'roleName', 'roleId']);

function access(api: string, label: string): Hit {
	return { category: 'access-control', api, message: `${label} (${api})` };
}

/** casbin, CASL, accesscontrol, acl, NestJS guards: by qualified name. */
const libraryAccessRule: CallRule = (site) => {
	const q = site.qname;
	if (q === null) {
		return null;
	}
	const label = ACCESS_APIS.get(q);
	if (label !== undefined) {
		return access(q, label);
	}
	return q.startsWith('casbin.Enforcer.') && ENFORCER_METHODS.test(q.slice(16)) ? access(q, 'Casbin policy enforced') : null;
};

/** `enforcer.enforce()`, `ability.can()`, `hasRole()`, `user.roles.includes('admin')`, `@Roles('admin')`. */
const heuristicAccessRule: CallRule = (site) => {
	const name = calledName(site);
	if (name === null || site.chain === null) {
		return null;
	}
	const receiver = receiverName(site);
	if (site.decorator && DECORATOR_NAMES.test(name)) {
		return access(`@${name}`, 'Required roles or permissions declared');
	}
	if (CHECK_NAMES.test(name) && receiver !== 'super') {
		return access(tail(site.chain, 2), 'Role or permission check');
	}
	if (receiver === null) {
		return null;
	}
	if (/^enforce(Sync|Ex)?$/.test(name) && (/enforcer/i.test(receiver) || site.imports.has('casbin'))) {
		return access(tail(site.chain, 2), 'Casbin policy enforced');
	}
	if (/^(can|cannot)$/.test(name) && /^abilit(y|ies)$|Abilit(y|ies)$/.test(receiver)) {
		return access(tail(site.chain, 2), 'Permission checked');
	}
	if (LIST_METHODS.has(name) && ROLE_LISTS.test(receiver)) {
		return access(tail(site.chain, 3), 'Role or permission check');
	}
	return null;
};

/** `user.role === 'admin'`: a role compared with a literal. */
export function roleComparison(node: EsNode): Hit | null {
	if (!/^[!=]==?$/.test(node.operator as string)) {
		return null;
	}
	const left = node.left as EsNode;
	const right = node.right as EsNode;
	const member = left.type === 'MemberExpression' ? left : right.type === 'MemberExpression' ? right : null;
	const literal = member === left ? right : left;
	if (member === null || stringValue(literal) === null) {
		return null;
	}
	const field = keyName(member.property as EsNode, member.computed === true);
	if (field === null || !ROLE_FIELDS.has(field)) {
		return null;
	}
	return access(`.${field}`, `Role compared with '${stringValue(literal)}'`);
}

/** Access-control rules, in order. */
export const ACCESS_RULES: readonly CallRule[] = [libraryAccessRule, heuristicAccessRule];
