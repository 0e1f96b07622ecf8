// The Kubernetes source: one or more kubectl exports (JSON or YAML) of one cluster.
import type { FileReader } from "../file-reader";
import type { SourceReader } from "../source-reader";
import { buildK8sModel, type K8sOptions } from "./k8s-model";
import { emptyRbac, readRbacObjects } from "./rbac-objects";

export function kubernetesSource(opts: K8sOptions): SourceReader {
  const objects = emptyRbac();
  return {
    async read(reader: FileReader) {
      const before = objects.serviceAccounts.length + objects.roles.length + objects.clusterRoles.length + objects.bindings.length;
      await readRbacObjects(reader, objects);
      const after = objects.serviceAccounts.length + objects.roles.length + objects.clusterRoles.length + objects.bindings.length;
      if (after === before) {
        throw reader.error("(file)", "no ServiceAccount, Role, ClusterRole, RoleBinding or ClusterRoleBinding in it: export them with the kubectl command shown");
      }
    },
    build: async () => buildK8sModel(objects, opts),
  };
}
