import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import express from 'express';
import { requirePermission } from './middleware/rbac';

const app = express();

app.get('/payments/:id', requirePermission('payments:read'), (req, res) => {
	res.json({ id: req.params.id });
});

app.post('/payments/:id/refund', requirePermission('payments:refund'), (_req, res) => {
	res.status(202).end();
});

// @iso27001 A.8.20, A.8.21 — TLS 1.2+ only, certificates from the platform's secret store
const server = createServer(
	{
		key: readFileSync(process.env.TLS_KEY_PATH ?? '/run/secrets/tls.key'),
		cert: readFileSync(process.env.TLS_CERT_PATH ?? '/run/secrets/tls.crt'),
		minVersion: 'TLSv1.2',
	},
	app,
);

server.listen(Number(process.env.PORT ?? 8443));
