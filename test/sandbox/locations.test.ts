import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { call } from '../helpers/sandbox';

interface LocationLike {
  id: string;
  name: string;
  email: string;
  [k: string]: unknown;
}

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ locations: 5, rateLimit: false });
});
afterAll(() => sb.close());

describe('GET /locations/search', () => {
  it('lists the agency sub-accounts with the documented fields (default limit 10)', async () => {
    const r = await call<{ locations: LocationLike[] }>(
      sb,
      `/locations/search?companyId=${sb.company.id}`,
    );
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(['locations']);
    expect(r.json.locations.map((l) => ({ id: l.id, name: l.name }))).toEqual(sb.locations);
    for (const l of r.json.locations) {
      for (const k of [
        'id',
        'name',
        'phone',
        'email',
        'address',
        'city',
        'state',
        'country',
        'postalCode',
        'website',
        'timezone',
        'settings',
        'social',
      ]) {
        expect(l).toHaveProperty(k);
      }
    }
  });

  it('skip, limit, order and email', async () => {
    const page = await call<{ locations: LocationLike[] }>(
      sb,
      `/locations/search?companyId=${sb.company.id}&skip=1&limit=2`,
    );
    expect(page.json.locations.map((l) => l.id)).toEqual(sb.locations.slice(1, 3).map((l) => l.id));
    const desc = await call<{ locations: LocationLike[] }>(sb, '/locations/search?order=desc');
    expect(desc.json.locations.map((l) => l.id)).toEqual(
      [...sb.locations].reverse().map((l) => l.id),
    );
    const first = page.json.locations[0] as LocationLike;
    const byEmail = await call<{ locations: LocationLike[] }>(
      sb,
      `/locations/search?email=${encodeURIComponent(first.email.toUpperCase())}`,
    );
    expect(byEmail.json.locations.map((l) => l.id)).toEqual([first.id]);
    expect((await call(sb, '/locations/search?limit=x')).status).toBe(422);
    expect((await call(sb, '/locations/search?order=sideways')).status).toBe(422);
    expect((await call(sb, '/locations/search?companyId=AAAAAAAAAAAAAAAAAAAA')).status).toBe(403);
  });

  it('sub-account tokens cannot list the agency locations (401 scope)', async () => {
    const r = await call(sb, `/locations/search?companyId=${sb.company.id}`, {
      token: sb.subAccount.access_token,
    });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({
      statusCode: 401,
      message: 'The token is not authorized for this scope.',
    });
  });
});

describe('GET /locations/{locationId}', () => {
  it('returns {location} for the agency and for the own sub-account', async () => {
    const id = sb.subAccount.locationId as string;
    const r = await call<{ location: LocationLike }>(sb, `/locations/${id}`);
    expect(r.status).toBe(200);
    expect(r.json.location).toMatchObject({ id, companyId: sb.company.id });
    expect(r.json.location).toHaveProperty('business');
    const own = await call<{ location: LocationLike }>(sb, `/locations/${id}`, {
      token: sb.subAccount.access_token,
    });
    expect(own.json).toEqual(r.json);
  });

  it('another location is 403 for a sub-account token; unknown is 404', async () => {
    const r = await call(sb, `/locations/${sb.locations[1]?.id}`, {
      token: sb.subAccount.access_token,
    });
    expect(r.status).toBe(403);
    const unknown = await call(sb, '/locations/AAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
  });
});
