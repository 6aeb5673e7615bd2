'use strict';
// Stand-in for an auth library (NextAuth in seed 002). Baton's `npm` prerequisite only checks
// that this package is installed; nothing calls it.
module.exports = { name: 'auth-session', stub: true };
