// Which app a deploy-side component acts on: one app of a project in one namespace of one cluster.
export interface AppRef {
  project: string;
  env: string;
  cluster: string;
  namespace: string;
  /** The app's name (`app.kubernetes.io/name`), also its Deployment's and Service's name. */
  app: string;
}
