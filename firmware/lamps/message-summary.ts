// RFC 3842 message-summary: what a phone's message-waiting lamp reads. Messages-Waiting is
// yes while any message is new; the Voice-Message line gives new/old counts (§5.2).

export const MESSAGE_SUMMARY_TYPE = "application/simple-message-summary";

export interface MailboxCounts {
  newMessages: number;
  oldMessages: number;
}

/** The message-summary body of one mailbox; `account` is its sip: URI. */
export function messageSummary(counts: MailboxCounts, account: string): string {
  return [
    `Messages-Waiting: ${counts.newMessages > 0 ? "yes" : "no"}`,
    `Message-Account: ${account}`,
    `Voice-Message: ${counts.newMessages}/${counts.oldMessages} (0/0)`,
    "",
  ].join("\r\n");
}
