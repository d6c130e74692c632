// Starts `hamdsl server` (pip install "hamdsl[server]") for .ham files, through Microsoft's
// vscode-languageclient. Written from its documentation; not run on this project's machines.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration('hamdsl').get('command');
  client = new LanguageClient(
    'hamdsl',
    'hamdsl',
    { command, args },
    { documentSelector: [{ language: 'ham' }] }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
