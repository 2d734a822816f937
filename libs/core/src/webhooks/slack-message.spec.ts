import { slackMessage } from './slack-message';

const context = {
  assetTitle: 'Spring <!channel> & <https://evil.example|promo>',
  className: 'Marketing',
  botName: 'copybot',
  publicUrl: 'https://quorate.example.com',
};

describe('chat messages', () => {
  it('names the outcome and links to the review', () => {
    const message = slackMessage(
      'decision.closed',
      { decisionId: 'd-1', version: 2, outcome: 'rejected', closedBy: 'veto' },
      { ...context, assetTitle: 'Spring sale' },
    );
    expect(message.text).toBe(
      'The review of “Spring sale” (Marketing) v2 closed: rejected (veto). https://quorate.example.com/decisions/d-1',
    );
    expect(message.blocks[0].text.text).toBe(
      'The review of “Spring sale” (Marketing) v2 closed: rejected (veto).\n<https://quorate.example.com/decisions/d-1|Open the review>',
    );
  });

  it('counts the findings of a failed validation', () => {
    const message = slackMessage('version.validation_failed', { version: 1, findings: [{}, {}] }, context);
    expect(message.text).toMatch(
      /from copybot failed validation \(2 findings\)\. https:\/\/quorate\.example\.com\/assets$/,
    );
  });

  it('keeps a title from forming mentions or links in the channel', () => {
    const message = slackMessage('version.released', { version: 1 }, context);
    expect(message.text).not.toMatch(/<!channel>|<https:\/\/evil/);
    expect(message.blocks[0].text.text).toContain(
      '&lt;!channel&gt; &amp; &lt;https://evil.example|promo&gt;',
    );
  });
});
