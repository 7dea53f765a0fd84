-- Sender authentication of inbound email (issue 16), written by hand: the SPF, DKIM and DMARC results a trusted
-- relay reported in its Authentication-Results header, on the visitor's message the email became. Null for every
-- other message. Agents only: the visitor's view never carries it.
ALTER TABLE "messages" ADD COLUMN "email_auth" jsonb;
