import { strict as assert } from 'node:assert';
import { lex, maskNonCode } from '../../../src/core/lexer';

const TS_BLOCK = (i: number): string => `
/**
 * Service number ${i}. @iso27001 A.8.24 — keys come from the KMS, never from source.
 */
export class Service${i} implements Handler<Request, Response> {
	private readonly cache = new Map<string, number>(); // per-instance cache
	constructor(private readonly key: string, private readonly ttl = ${i} * 1000) {}

	async handle(req: Request): Promise<Response> {
		const path = req.url.replace(/\\/+$/, '').split('/').filter(Boolean);
		const ratio = (this.ttl / 60) / (path.length || 1);
		/* multi-line
		   block comment */
		const msg = \`handled \${path.join('/')} in \${ratio.toFixed(2)}s: \${req.ok ? 'ok' : "fail"}\`;
		if (typeof req.body === 'string' && /^\\{.*\\}$/.test(req.body)) {
			return { status: 200, body: JSON.parse(req.body), msg };
		}
		return { status: 404, body: null, msg: "not found: \\"" + path[0] + '"' };
	}
}
`;

const PY_BLOCK = (i: number): string => `
class Service${i}(Handler):
    """Service number ${i}. @iso27001 A.8.24 - keys come from the KMS."""

    def __init__(self, key: str, ttl: int = ${i} * 1000) -> None:
        self.key = key  # never logged
        self.cache: dict[str, int] = {}
        self.pattern = re.compile(r"^\\{.*\\}$")

    def handle(self, req):
        '''Handle one request.'''
        path = [p for p in req.url.rstrip("/").split("/") if p]
        msg = f"handled {'/'.join(path)} in {self.ttl / 60:.2f}s: {'ok' if req.ok else 'fail'}"
        if isinstance(req.body, str) and self.pattern.match(req.body):
            return {"status": 200, "body": json.loads(req.body), "msg": msg}
        return {"status": 404, "body": None, "msg": b"not found".decode() + path[0]}
`;

function generate(block: (i: number) => string, bytes: number): string {
	const parts: string[] = [];
	let size = 0;
	for (let i = 0; size < bytes; i++) {
		const b = block(i);
		parts.push(b);
		size += b.length;
	}
	return parts.join('');
}

describe('lexer: large input', () => {
	for (const [id, block] of [['typescript', TS_BLOCK], ['python', PY_BLOCK]] as const) {
		it(`lexes 5 MB of ${id} and masks it keeping every offset`, function () {
			this.timeout(30_000);
			const text = generate(block, 5 * 1024 * 1024);
			const r = lex(text, id);
			const masked = maskNonCode(text, r);
			assert.ok(r.comments.length > 1000 && r.strings.length > 1000);
			assert.equal(masked.length, text.length);
			assert.equal(masked.split('\n').length, text.split('\n').length);
		});
	}
});
