// A real OpenID Connect provider for the tests (npm package oidc-provider), on 127.0.0.1.
//
// Started by tests/provider.py. Configuration from the environment: CLIENT_ID, CLIENT_SECRET,
// REDIRECT_URIS (comma-separated). Prints "ready <issuer>" once it listens. Its sign-in page
// takes any username (the subject, `sub`) and a "multi-factor" checkbox that sets the amr claim
// to ["pwd", "mfa"] instead of ["pwd"], so the tests can try both kinds of provider.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';
import { exportJWK, generateKeyPair } from 'jose';

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };

let provider;

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><head><title>Test provider</title></head><body><main>
<h1>Test identity provider</h1>
<form method="post" action="/interaction/${escape(details.uid)}">
<label for="login">Username</label> <input id="login" name="login" autocomplete="off">
<label><input type="checkbox" name="mfa" value="1"> Multi-factor</label>
<button type="submit">Sign in</button>
</form></main></body></html>`);
    return;
  }
  const form = await readForm(req);
  const login = form.get('login') || '';
  const amr = form.get('mfa') ? ['pwd', 'mfa'] : ['pwd'];
  await provider.interactionFinished(req, res, { login: { accountId: login, amr } }, {
    mergeWithLastSubmission: false,
  });
}

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.statusCode = 500;
      res.end(String(error));
    });
    return;
  }
  provider.callback()(req, res);
});

server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: process.env.CLIENT_ID,
        client_secret: process.env.CLIENT_SECRET,
        redirect_uris: process.env.REDIRECT_URIS.split(','),
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomUUID()] },
    features: { devInteractions: { enabled: false } },
    // The client must use PKCE even though it is confidential.
    pkce: { required: () => true },
    // amr is a claim like any other here: listed, so that it reaches the ID token.
    claims: { openid: ['sub', 'amr'], profile: ['name'] },
    findAccount: async (ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, name: `Test ${sub}` }),
    }),
    // First-party: no consent screen.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
  });
  process.stdout.write(`ready ${issuer}\n`);
});
