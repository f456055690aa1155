import { renderEmail, type EmailData, type EmailTemplate } from "../../../emails/index";
import { messageIdForJob, readEmailPayload, SEND_EMAIL_TASK } from "../../lib/jobs.server";
import { sendMail } from "../../lib/mailer.server";
import { tipsterNewsAddress } from "../../services/tell-tipster.server";
import { defineJob } from "../job";

/**
 * Sends one queued email (app/lib/jobs.server.ts `enqueueEmail` queues it, recipient checked):
 * render the template, send once; a throw makes graphile-worker retry (EMAIL_MAX_ATTEMPTS, set
 * when queued). Not scheduled.
 */
export const sendEmailJob = defineJob({
  name: SEND_EMAIL_TASK,
  schedule: null,
  handler: async (payload, helpers) => {
    const email = readEmailPayload(payload);
    // A tipster's address is read only now, from the encrypted contact: erased or withdrawn, nothing is sent.
    const to = email.tipId !== undefined ? await tipsterNewsAddress(email.tipId) : email.to;
    if (!to) {
      helpers.logger.info(`email job ${helpers.job.id} (${email.template}): no address to tell, not sent`);
      return;
    }
    const rendered = renderEmail(email.template, email.locale, email.data as EmailData<EmailTemplate>);
    const result = await sendMail({ to, ...rendered, messageId: messageIdForJob(helpers.job) });
    helpers.logger.info(`email job ${helpers.job.id} (${email.template}) sent via ${result.via}`);
  },
});
