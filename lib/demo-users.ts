// The demo users the simulator seeds and the console's embedded users file holds: names, groups, password.

export interface DemoUser {
  username: string;
  groups: string[];
  description: string;
}

/** The console's own identity: it impersonates the signed-in user on every call. */
export const CONSOLE_USER = 'wharf-console';

/** Platform admins; bound to `cluster-admin` by the seed's ClusterRoleBinding. */
export const PLATFORM_ADMINS_GROUP = 'wharf:platform-admins';

/** Every demo person other than the admin. */
export const USERS_GROUP = 'wharf:users';

/** Every demo user signs in to the console with this password. */
export const DEMO_PASSWORD = 'wharf-demo';

/** Project roles are RoleBindings made by the seed (sim/seed.ts); groups here are cluster-wide. */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'admin',
    groups: [PLATFORM_ADMINS_GROUP],
    description: 'platform admin: every project, sets quotas, creates projects',
  },
  { username: 'alice', groups: [USERS_GROUP], description: 'owner of ai' },
  { username: 'bob', groups: [USERS_GROUP], description: 'member of ai (read-only in ai-prod)' },
  { username: 'olivia', groups: [USERS_GROUP], description: 'operator of ai and haierpsi' },
  { username: 'victor', groups: [USERS_GROUP], description: 'viewer of haierpsi' },
  { username: 'hana', groups: [USERS_GROUP], description: 'owner of haierpsi' },
  {
    username: CONSOLE_USER,
    groups: [],
    description: 'the console itself: impersonates users, reads everything',
  },
];
