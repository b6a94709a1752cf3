/**
 * The app ids one request may read (an identity's allow-list): undefined for every app, else
 * exactly these, and none at all for an empty list.
 */
export type AllowedApps = readonly string[] | undefined;

/**
 * The row condition that keeps only the allowed apps' rows, to AND into a WHERE; no condition
 * when every app is allowed. The list is bound as a parameter, never spliced. Masked rows carry
 * no app id, so under an allow-list they are left out: a team with an allow-list never sees
 * unattributed revenue, which no app can be credited with.
 */
export function allowedAppsSql(apps: AllowedApps): {
  rows: string[];
  params: Record<string, unknown>;
} {
  if (apps === undefined) return { rows: [], params: {} };
  return {
    rows: ['app_id IN (SELECT unnest($allowedAppIds))'],
    params: { allowedAppIds: [...apps] },
  };
}
