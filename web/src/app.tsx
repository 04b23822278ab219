/** Top-level routes: login and forced password change outside the shell, every menu page inside it. */
import { lazy, Suspense, useEffect } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { onApiError } from './api/client';
import { ME_KEY, useMe } from './api/auth';
import { CurrentUserProvider, hasPermission, useCurrentUser } from './auth/current_user';
import { loginPathFor } from './auth/redirect';
import { PageLoading } from './components/page_states';
import { AppLayout } from './layout/app_layout';
import { ChangePasswordPage } from './pages/change_password_page';
import { ForbiddenPage, NotFoundPage } from './pages/error_pages';
import { LoginPage } from './pages/login_page';
import { APP_ROUTES, type AppRoute } from './routes';

const PublicPage = lazy(() => import('./pages/public/public_page').then((m) => ({ default: m.PublicPage })));
const EntityPage = lazy(() => import('./pages/public/entity_page').then((m) => ({ default: m.EntityPage })));

/** 401 anywhere (other than a failed login) → the login page, keeping the intended URL; 403 PASSWORD_CHANGE_REQUIRED → the forced change. */
function ApiErrorRedirects() {
  const navigate = useNavigate();
  const location = useLocation();
  const client = useQueryClient();
  useEffect(() => onApiError((error) => {
    // An entity's own session (/api/entity/…) is no staff sign-in: its 401 stays on the entity page.
    if (error.status === 401 && !error.url.startsWith('/api/auth/login') && !error.url.startsWith('/api/entity/') && location.pathname !== '/login') {
      client.setQueryData(ME_KEY, null);
      void navigate(loginPathFor(location), { replace: true });
    } else if (error.status === 403 && error.code === 'PASSWORD_CHANGE_REQUIRED' && location.pathname !== '/change-password') {
      void client.invalidateQueries({ queryKey: ME_KEY });
      void navigate('/change-password', { replace: true });
    }
  }), [navigate, location, client]);
  return null;
}

function RequireSignIn() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoading fullScreen />;
  if (!me.data) return <Navigate to={loginPathFor(location)} replace />;
  if (me.data.mustChangePassword) return <Navigate to="/change-password" replace />;
  return (
    <CurrentUserProvider me={me.data}>
      <AppLayout />
    </CurrentUserProvider>
  );
}

function Guarded({ route }: { route: AppRoute }) {
  const me = useCurrentUser();
  if (!hasPermission(me, route.permission)) return <ForbiddenPage />;
  const Page = route.page;
  return (
    <Suspense fallback={<PageLoading />}>
      <Page />
    </Suspense>
  );
}

export function AppRoutes() {
  return (
    <>
      <ApiErrorRedirects />
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/change-password" element={<ChangePasswordPage />} />
        <Route path="/public/entity" element={<Suspense fallback={<PageLoading fullScreen />}><EntityPage /></Suspense>} />
        <Route path="/public/*" element={<Suspense fallback={<PageLoading fullScreen />}><PublicPage /></Suspense>} />
        <Route element={<RequireSignIn />}>
          {APP_ROUTES.map((route) => (
            <Route key={route.path} path={route.path} element={<Guarded route={route} />} />
          ))}
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </>
  );
}
