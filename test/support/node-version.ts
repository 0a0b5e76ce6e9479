// Loaded by mocha before any spec (.mocharc.json "require"). The project runs on Node 24 LTS,
// pinned through npm (docs/architecture.md, section 10): `npm test` puts node_modules/.bin first
// on PATH, so mocha and every process it starts run the pinned binary even where the machine's
// own Node is older. A run on anything older stops here instead of passing or failing for
// reasons that have nothing to do with the code.
const REQUIRED_MAJOR = 24;

const major = Number(process.versions.node.split(".")[0]);
if (major < REQUIRED_MAJOR) {
  throw new Error(
    `the tests need Node ${REQUIRED_MAJOR} or newer, but they are running on Node ${process.versions.node} ` +
      `(${process.execPath}). Run them through npm (\`npm test\`, or \`npm exec -- mocha\`), so that ` +
      `node_modules/.bin/node, the Node ${REQUIRED_MAJOR} that package.json pins, is used; ` +
      `on macOS, install Node ${REQUIRED_MAJOR} yourself.`,
  );
}
