/**
 * Buddy's URLs, written per answer on the origin the client used: `url` on the API root, `html_url`
 * on the same origin under `/app` (the twin serves no web pages; the vendor's are on another host).
 */
import type { StoredBuddyArtifact } from "./types.js";

const e = encodeURIComponent;
const withoutUrls = ({ url: _url, html_url: _html, ...rest }: Record<string, unknown>) => rest;

export function artifactsUrl(base: string, workspace: string): { url: string; html_url: string } {
  return {
    url: `${base}/workspaces/${e(workspace)}/artifacts`,
    html_url: `${new URL(base).origin}/app/${e(workspace)}/-/artifacts`,
  };
}

export function render(artifact: StoredBuddyArtifact, base: string): Record<string, unknown> {
  const { id, project, environment, ...rest } = artifact.record;
  const ws = artifact.workspace.name;
  const app = `${new URL(base).origin}/app/${e(ws)}`;
  const out: Record<string, unknown> = {
    url: `${base}/workspaces/${e(ws)}/artifacts/${e(String(id))}`,
    html_url: `${app}/-/artifacts/${e(String(id))}/versions`,
    id,
    ...rest,
  };
  if (project !== undefined)
    out.project = project === null ? null : renderProject(project as Record<string, unknown>, base, ws);
  if (environment !== undefined) {
    out.environment = environment === null ? null : renderEnvironment(environment as Record<string, unknown>, base, ws);
  }
  return out;
}

function renderProject(project: Record<string, unknown>, base: string, ws: string): Record<string, unknown> {
  const name = e(String(project.name));
  return {
    url: `${base}/workspaces/${e(ws)}/projects/${name}`,
    html_url: `${new URL(base).origin}/app/${e(ws)}/projects/${name}`,
    ...withoutUrls(project),
  };
}

/** An environment is a project's; its `project` (a twin-only field) says which, and is not answered. */
function renderEnvironment(environment: Record<string, unknown>, base: string, ws: string): Record<string, unknown> {
  const { project, ...rest } = withoutUrls(environment);
  const below = project === undefined ? "" : `/projects/${e(String(project))}`;
  const id = e(String(environment.id));
  return {
    url: `${base}/workspaces/${e(ws)}${below}/environments/${id}`,
    html_url: `${new URL(base).origin}/app/${e(ws)}${below}/environments/${id}`,
    ...rest,
  };
}
