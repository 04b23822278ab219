/** Where to go after login: only same-site paths, never another origin (open redirect). */
interface PathLike { pathname: string; search: string; hash?: string }

export function loginPathFor(location: PathLike): string {
  const target = location.pathname + location.search;
  if (location.pathname === '/' || location.pathname === '/login') return '/login';
  return `/login?redirect=${encodeURIComponent(target)}`;
}

export function safeRedirect(raw: string | null): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || raw.startsWith('/login')) return '/';
  return raw;
}
