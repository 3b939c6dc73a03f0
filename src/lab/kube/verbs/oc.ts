// The oc-only conveniences the 3.11 and HyperShift procedures use: `oc login -u system:admin`,
// `oc project [NAME]`, `oc new-project NAME`, `oc whoami`.
import { flagBool, flagValue } from '../cli/args.js';
import { withCluster, type Verb } from '../cli/context.js';
import { make } from '../seed/build.js';
import { ToolError } from '../cli/errors.js';
import { out } from '../cli/io.js';
import { mustKind } from '../store/kinds.js';

const NAMESPACE = mustKind('Namespace');

const projectVerb: Verb = {
  words: ['project'],
  ocOnly: true,
  flags: { short: { short: 'q', value: false } },
  run(ctx) {
    const [name] = ctx.words;
    return withCluster(ctx, (c) => {
      if (!name) {
        out(flagBool(ctx.args, 'short') ? `${c.meta.currentProject}\n` : `Using project "${c.meta.currentProject}" on server "${c.meta.server}".\n`);
        return;
      }
      if (!c.namespaceExists(name)) throw new ToolError(`error: A project named "${name}" does not exist on "${c.meta.server}".\nYour projects are:\n${c.list(NAMESPACE).map((n) => `* ${n.metadata.name}`).join('\n')}\nTo see projects on another server, pass '--server=<server>'.`);
      c.meta.currentProject = name;
      c.store.touchMeta();
      out(`Now using project "${name}" on server "${c.meta.server}".\n`);
    });
  },
};

const newProjectVerb: Verb = {
  words: ['new-project'],
  ocOnly: true,
  flags: { 'display-name': { value: true }, description: { value: true }, 'skip-config-write': { value: false } },
  run(ctx) {
    const [name] = ctx.words;
    if (!name) throw new ToolError('error: must have exactly one argument\nSee \'oc new-project -h\' for help and examples');
    return withCluster(ctx, (c) => {
      if (c.namespaceExists(name)) throw new ToolError(`Error from server (AlreadyExists): project.project.openshift.io "${name}" already exists`);
      const annotations: Record<string, string> = {};
      const display = flagValue(ctx.args, 'display-name');
      if (display) annotations['openshift.io/display-name'] = display;
      c.save(NAMESPACE, make('Namespace', undefined, name, { spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }, { annotations }));
      if (!flagBool(ctx.args, 'skip-config-write')) {
        c.meta.currentProject = name;
        c.store.touchMeta();
      }
      out(`Now using project "${name}" on server "${c.meta.server}".\n\nYou can add applications to this project with the 'new-app' command. For example, try:\n\n    oc new-app rails-postgresql-example\n\nto build a new example application in Ruby.\n`);
    });
  },
};

const loginVerb: Verb = {
  words: ['login'],
  ocOnly: true,
  flags: { username: { short: 'u', value: true }, password: { short: 'p', value: true }, 'certificate-authority': { value: true } },
  run(ctx) {
    const user = flagValue(ctx.args, 'username') ?? 'system:admin';
    return withCluster(ctx, (c) => {
      const projects = c.list(NAMESPACE).map((n) => `  ${n.metadata.name === c.meta.currentProject ? '*' : ' '} ${n.metadata.name}`);
      out(`Logged into "${c.meta.server}" as "${user}" using existing credentials.\n\nYou have access to the following projects and can switch between them with 'oc project <projectname>':\n\n${projects.join('\n')}\n\nUsing project "${c.meta.currentProject}".\n`);
    });
  },
};

const whoamiVerb: Verb = {
  words: ['whoami'],
  ocOnly: true,
  flags: { 'show-server': { value: false }, 'show-token': { short: 't', value: false }, 'show-context': { short: 'c', value: false } },
  run(ctx) {
    return withCluster(ctx, (c) => {
      if (flagBool(ctx.args, 'show-server')) return out(`${c.meta.server}\n`);
      if (flagBool(ctx.args, 'show-token')) return out('opsctl-lab\n');
      out('system:admin\n');
    });
  },
};

export const OC_VERBS: Verb[] = [projectVerb, newProjectVerb, loginVerb, whoamiVerb];
