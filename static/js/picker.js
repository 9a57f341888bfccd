// Type-ahead picker for multi-selects (for example an action's leads), imported by app.js.
// Pages work without it: the plain <select multiple> stays usable by keyboard.
