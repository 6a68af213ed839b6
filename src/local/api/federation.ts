import { randomUUID } from 'node:crypto';
import type { FederationPolicy } from '../../core/federation.js';
import { ApiError, caller, jsonBody, notFound, requireString, type ApiRequest } from '../http.js';
import type { Identity } from '../identities.js';
import { accountId, isoTime, type ApiModule, type LocalContext } from './context.js';

/**
 * Service principals added through SCIM and their federation policies (the account API's
 * `servicePrincipals/{id}/federationPolicies`, served here because the local workspace is its
 * own account). Only a user (an admin) manages them.
 */
export const federationApi: ApiModule = (router, context) => {
  router.on('POST', '/api/2.0/preview/scim/v2/ServicePrincipals', (request) => {
    admin(request);
    const body = jsonBody<{ displayName?: unknown; applicationId?: unknown }>(request);
    const displayName = requireString(body.displayName, 'displayName');
    const applicationId = typeof body.applicationId === 'string' && body.applicationId !== '' ? body.applicationId : randomUUID();
    if (context.auth.principals().some((p) => p.applicationId === applicationId)) {
      throw new ApiError(409, 'RESOURCE_ALREADY_EXISTS', `Service principal with application id ${applicationId} already exists`);
    }
    const identity: Identity = { kind: 'service-principal', id: String(context.store.nextId()), userName: applicationId, displayName, applicationId };
    (context.store.state.service_principals ??= {})[identity.id] = identity;
    return { id: identity.id, applicationId, displayName, active: true, schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal'] };
  });

  const base = '/api/2.0/accounts/{account_id}/servicePrincipals/{service_principal_id}/federationPolicies';

  router.on('POST', base, (request): FederationPolicy => {
    const principal = servicePrincipalOf(request, context);
    const body = jsonBody<Partial<FederationPolicy>>(request);
    const oidc = body.oidc_policy;
    if (!oidc || typeof oidc.issuer !== 'string' || oidc.issuer === '') throw new ApiError(400, 'INVALID_PARAMETER_VALUE', 'oidc_policy.issuer is required');
    if (oidc.audiences !== undefined && (!Array.isArray(oidc.audiences) || oidc.audiences.some((a) => typeof a !== 'string' || a === ''))) {
      throw new ApiError(400, 'INVALID_PARAMETER_VALUE', 'oidc_policy.audiences must be a list of non-empty strings');
    }
    const policyId = request.query.get('policy_id') ?? randomUUID();
    const uid = randomUUID();
    const time = isoTime(context.now());
    const policy: FederationPolicy = {
      ...(body.description === undefined ? {} : { description: body.description }),
      name: `accounts/${accountId(context)}/servicePrincipals/${principal.id}/federationPolicies/${policyId}`,
      uid,
      policy_id: policyId,
      service_principal_id: Number(principal.id),
      create_time: time,
      update_time: time,
      oidc_policy: oidc,
    };
    (context.store.state.federation_policies ??= {})[uid] = policy;
    return policy;
  });

  router.on('GET', base, (request) => {
    const principal = servicePrincipalOf(request, context);
    return { policies: policiesOf(context, principal) };
  });

  router.on('DELETE', `${base}/{policy_id}`, (request) => {
    const principal = servicePrincipalOf(request, context);
    const policy = policiesOf(context, principal).find((p) => p.policy_id === request.params.policy_id);
    if (!policy?.uid) throw notFound(`Federation policy ${request.params.policy_id} not found`);
    delete context.store.state.federation_policies?.[policy.uid];
    return {};
  });
};

/** The federation policies of a service principal. */
export function policiesOf(context: LocalContext, principal: Identity): FederationPolicy[] {
  return Object.values(context.store.state.federation_policies ?? {}).filter((policy) => policy.service_principal_id === Number(principal.id));
}

function admin(request: ApiRequest): Identity {
  const who = caller(request);
  if (who.kind !== 'user') throw new ApiError(403, 'PERMISSION_DENIED', 'Only an admin user can manage service principals and federation policies');
  return who;
}

function servicePrincipalOf(request: ApiRequest, context: LocalContext): Identity {
  admin(request);
  if (request.params.account_id !== accountId(context)) throw notFound(`Account ${request.params.account_id} not found`);
  const principal = context.auth.principals().find((p) => p.kind === 'service-principal' && p.id === request.params.service_principal_id);
  if (!principal) throw notFound(`Service principal ${request.params.service_principal_id} not found`);
  return principal;
}
