// @iso27001-file A.8.15 — security events are written as structured, append-only audit records

export type AuditEvent =
	| { type: 'login'; userId: string; success: boolean; ip: string }
	| { type: 'refund'; userId: string; paymentId: string; amount: number }
	| { type: 'role-change'; actor: string; target: string; role: string };

export interface AuditSink {
	append(line: string): Promise<void>;
}

export class AuditLog {
	constructor(private readonly sink: AuditSink, private readonly clock: () => Date = () => new Date()) {}

	/** @iso27001 A.8.15, A.8.17 — UTC timestamps from a synchronised clock */
	async record(event: AuditEvent): Promise<void> {
		await this.sink.append(JSON.stringify({ at: this.clock().toISOString(), ...event }));
	}
}
