/** 登录 / 退出 / 当前用户 / 修改密码 (server/modules/auth). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ChangePasswordBody, LoginBody, Me } from '../../../server/modules/auth/schema';
import { clearCache, deleteRecord } from '../offline/idb';
import { cachedGet } from '../offline/offline_cache';
import { apiGet, apiPost, fetchCsrfToken, isApiError, setCsrfToken } from './client';

export type { Me };
export type LoginInput = z.input<typeof LoginBody>;
export type ChangePasswordInput = z.input<typeof ChangePasswordBody>;

export const ME_KEY = ['auth', 'me'] as const;

/**
 * The signed-in user, or null when there is no session (401). Without a connection the last answer kept on the device
 * stands in, so the inspector's workbench opens offline (issue #10 item 2); a 401 or a logout forgets it.
 */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = (await cachedGet('me', () => apiGet<Me>('/api/auth/me'))).value;
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (isApiError(error) && error.status === 401) {
          setCsrfToken(null);
          await deleteRecord('cache', 'me').catch(() => undefined);
          return null;
        }
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
    networkMode: 'always',
  });
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: LoginInput) => {
      // A fresh pre-login token: logout rotates the csrf cookie.
      await fetchCsrfToken();
      return apiPost<Me>('/api/auth/login', input);
    },
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
      client.setQueryData(ME_KEY, me);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiPost<undefined>('/api/auth/logout'),
    onSettled: async () => {
      setCsrfToken(null);
      await clearCache().catch(() => undefined);
      client.clear();
      client.setQueryData(ME_KEY, null);
    },
  });
}

export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ChangePasswordInput) => apiPost<undefined>('/api/auth/password', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ME_KEY }),
  });
}
