/** The signed-in user inside the app shell, and permission checks derived from it. */
import { createContext, useContext, type ReactNode } from 'react';
import type { Permission } from '../../../domain/access/permissions';
import type { Me } from '../api/auth';

const CurrentUserContext = createContext<Me | null>(null);

export function CurrentUserProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <CurrentUserContext.Provider value={me}>{children}</CurrentUserContext.Provider>;
}

export function useCurrentUser(): Me {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error('useCurrentUser outside the signed-in app shell');
  return me;
}

export function hasPermission(me: Me, permission: Permission | null | undefined): boolean {
  return !permission || me.permissions.includes(permission);
}

/** `can('system:user:create')`: whether the current user holds a permission (null/undefined: nothing needed). */
export function useCan(): (permission: Permission | null | undefined) => boolean {
  const me = useCurrentUser();
  return (permission) => hasPermission(me, permission);
}
