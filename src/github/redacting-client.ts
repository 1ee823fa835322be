import type { Redactor } from "../agent/redactor.js";
import type { GitHubClient } from "./github-client.js";

/**
 * A GitHubClient that never writes a secret: every comment, pull request body and title,
 * and review reply is redacted of the server's keys and of every installation token seen
 * (each one is added to the job's redactor as it is handed out).
 */
export function redactingClient(inner: GitHubClient, redactor: Redactor): GitHubClient {
  const clean = (text: string) => redactor.text(text);
  return {
    installationToken: async (refresh) => {
      const token = await inner.installationToken(refresh);
      redactor.add(token);
      return token;
    },
    getIssue: (issue) => inner.getIssue(issue),
    readFile: (path, ref) => inner.readFile(path, ref),
    react: (target, content) => inner.react(target, content),
    listComments: (issue) => inner.listComments(issue),
    createComment: (issue, body) => inner.createComment(issue, clean(body)),
    updateComment: (id, body) => inner.updateComment(id, clean(body)),
    findPullRequest: (head) => inner.findPullRequest(head),
    getPullRequest: (number) => inner.getPullRequest(number),
    createPullRequest: (pr) => inner.createPullRequest({ ...pr, title: clean(pr.title), body: clean(pr.body) }),
    updatePullRequest: (number, fields) =>
      inner.updatePullRequest(number, {
        ...fields,
        ...(fields.title !== undefined ? { title: clean(fields.title) } : {}),
        ...(fields.body !== undefined ? { body: clean(fields.body) } : {}),
      }),
    findStack: (pr) => inner.findStack(pr),
    stacksEnabled: () => inner.stacksEnabled(),
    createStack: (prs) => inner.createStack(prs),
    addToStack: (stack, prs) => inner.addToStack(stack, prs),
    getReview: (pr, id) => inner.getReview(pr, id),
    replyToReviewComment: (pr, id, body) => inner.replyToReviewComment(pr, id, clean(body)),
    listCheckRuns: (sha) => inner.listCheckRuns(sha),
    listCommitStatuses: (sha) => inner.listCommitStatuses(sha),
    listAnnotations: (id) => inner.listAnnotations(id),
    jobLog: (id) => inner.jobLog(id),
    rerunJob: (id) => inner.rerunJob(id),
    permission: (login) => inner.permission(login),
  };
}
