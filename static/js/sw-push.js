// Push notification handlers for the service worker (sw.js imports this file).
