import type { WebhookEvent } from '../entities';

/** What a chat message names besides the event's own data, read at delivery time. */
export interface MessageContext {
  assetTitle: string;
  className: string;
  /** The bot that submitted the asset. */
  botName: string;
  /** The person who voted, for `vote.cast`. */
  voterName?: string;
  /** The web app's base URL, without a trailing slash. */
  publicUrl: string;
}

/** Slack's incoming-webhook body, which Mattermost and Rocket.Chat accept as well. */
export interface SlackMessage {
  text: string;
  blocks: { type: 'section'; text: { type: 'mrkdwn'; text: string } }[];
}

/**
 * A readable line for people in a channel: what happened, to which asset of which class, who or
 * what did it, and a link into the web app. `text` is the plain fallback notifications show.
 */
export function slackMessage(
  event: WebhookEvent,
  data: Record<string, unknown>,
  context: MessageContext,
): SlackMessage {
  const asset = `“${context.assetTitle}” (${context.className})`;
  const version = typeof data.version === 'number' ? ` v${data.version}` : '';
  const link =
    typeof data.decisionId === 'string'
      ? { url: `${context.publicUrl}/decisions/${data.decisionId}`, label: 'Open the review' }
      : { url: `${context.publicUrl}/assets`, label: 'Open assets' };
  const headline = escapeMrkdwn(describe(event, data, context, asset + version));
  return {
    text: `${headline} ${link.url}`,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${headline}\n<${link.url}|${link.label}>` },
      },
    ],
  };
}

function describe(
  event: WebhookEvent,
  data: Record<string, unknown>,
  context: MessageContext,
  asset: string,
): string {
  switch (event) {
    case 'version.validated':
      return `${asset} from ${context.botName} passed validation.`;
    case 'version.validation_failed': {
      const findings = Array.isArray(data.findings) ? data.findings.length : 0;
      return `${asset} from ${context.botName} failed validation (${findings} finding${findings === 1 ? '' : 's'}).`;
    }
    case 'decision.opened':
      return `${asset} from ${context.botName} awaits review.`;
    case 'vote.cast':
      return `${context.voterName ?? 'A reviewer'} voted ${String(data.choice)} on ${asset}.`;
    case 'decision.closed':
      return `The review of ${asset} closed: ${String(data.outcome)}${
        typeof data.closedBy === 'string' ? ` (${data.closedBy.replace(/_/g, ' ')})` : ''
      }.`;
    case 'version.released':
      return `${asset} from ${context.botName} was released.`;
  }
}

/** Titles come from bots: keep them from forming links, mentions or formatting in the channel. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
