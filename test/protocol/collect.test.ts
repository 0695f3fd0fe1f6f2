import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import { CollectRequest } from '../../src/protocol/collect';
import { TestLspClient } from '../support/lspClient';

const FIXTURES = join(__dirname, '..', 'fixtures', 'collect');
const PYTHON = '/usr/bin/python3'; // Debian's pytest 7 (CI installs python3-pytest)

describe('pytest collection over stdio (ssotImports/collect)', function () {
  this.timeout(60_000);
  let client: TestLspClient;
  before(async () => {
    client = await TestLspClient.start({ rootPath: join(FIXTURES, 'migration') });
  });
  after(() => client.stop());

  it('returns the collection error of a test file that imports a moved name, with its import line', async () => {
    const file = join(FIXTURES, 'migration', 'tests', 'test_websocket_manager.py');
    const result = await client.connection.sendRequest(CollectRequest, { uris: [pathToFileURL(file).href], python: PYTHON });
    assert.equal(result.status, 'errors', JSON.stringify(result));
    if (result.status !== 'errors') return;
    assert.equal(result.testCount, 0);
    const [error] = result.errors;
    assert.equal(error?.type, 'ImportError');
    assert.match(error.message, /cannot import name 'HeartbeatConfig' from 'app\.websocket_core\.manager'/);
    assert.ok(error.importLine, 'the failing import line of the test file');
  });

  it('returns the collected tree of a healthy file', async () => {
    const file = join(FIXTURES, 'migration', 'tests', 'test_ok.py');
    const result = await client.connection.sendRequest(CollectRequest, { uris: [pathToFileURL(file).href], python: PYTHON });
    assert.equal(result.status, 'ok', JSON.stringify(result));
    if (result.status === 'ok') assert.ok(result.testCount > 0);
  });

  it('stops pytest when the client cancels', async () => {
    const source = new CancellationTokenSource();
    const request = client.connection.sendRequest(CollectRequest, { uris: [pathToFileURL(join(FIXTURES, 'slow_conftest', 'test_slow.py')).href], python: PYTHON }, source.token);
    setTimeout(() => source.cancel(), 1000);
    const result = await request;
    assert.equal(result.status, 'could-not-run');
    if (result.status === 'could-not-run') assert.equal(result.reason, 'cancelled');
  });
});
