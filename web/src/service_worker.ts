/// <reference types="vite/client" />
/**
 * Registers web/public/sw.js in production builds (the dev server serves changing modules the worker must not keep).
 * Its scope is the inspector's workbench (/inspection/): the installed app opens there, and the rest of the platform
 * stays an ordinary online web app.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/inspection/' }).catch(() => undefined);
  });
}
