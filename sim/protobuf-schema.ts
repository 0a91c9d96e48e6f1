// Protobuf bodies (k8s\0 + runtime.Unknown) of built-in kinds → the JSON kube-apiserver sees.
import {
  bytes,
  DecodeError,
  decodeReviewProtobuf,
  readEnvelope,
  signedVarint,
  skip,
  text,
  unrecognizedBody,
  varint,
} from './protobuf';
import type { Reader } from './protobuf';
import { goQuote } from './rbac';
import { StatusError } from './types';
import type { KubeObject } from './types';

/*
 * Field numbers and names come from the FileDescriptorProtos that kubectl 1.32 carries for
 * k8s.io/api and k8s.io/apimachinery v0.32 (the `generated.proto` files): extracted with a script,
 * never typed by hand. One message per unindented line, continued on indented lines:
 *   `Message jsonName=number[:type][*]`
 * type: none = string, b = bool, i = int32/int64, f = double, y = bytes (base64 in JSON),
 *   T = metav1.Time, MT = metav1.MicroTime, IS = IntOrString, Q = resource.Quantity,
 *   RX = RawExtension/FieldsV1 (embedded JSON), {t} = map<string, t> (s = string),
 *   anything else = a message below. `*` = repeated.
 * `name?` marks Go pointer fields (hand-checked against types.go): present on the wire means set,
 *   so their 0 / false / "" / {} survive; every other zero value is dropped as `omitempty` would.
 * `...name` marks Go embedded structs (`json:",inline"`): their fields land in the parent.
 * autoscaling/v1 and v2 share message names, so theirs carry a package prefix.
 */
const MESSAGES = `
OwnerReference apiVersion=5 kind=1 name=3 uid=4 controller?=6:b blockOwnerDeletion?=7:b
ManagedFieldsEntry manager=1 operation=2 apiVersion=3 time=4:T fieldsType=6 fieldsV1=7:RX
  subresource=8
ObjectMeta name=1 generateName=2 namespace=3 selfLink=4 uid=5 resourceVersion=6 generation=7:i
  creationTimestamp=8:T deletionTimestamp=9:T deletionGracePeriodSeconds?=10:i labels=11:{s}
  annotations=12:{s} ownerReferences=13:OwnerReference* finalizers=14*
  managedFields=17:ManagedFieldsEntry*
ConfigMap metadata=1:ObjectMeta immutable?=4:b data=2:{s} binaryData=3:{y}
Secret metadata=1:ObjectMeta immutable?=5:b data=2:{y} stringData=4:{s} type=3
NamespaceSpec finalizers=1*
NamespaceCondition type=1 status=2 lastTransitionTime=4:T reason=5 message=6
NamespaceStatus phase=1 conditions=2:NamespaceCondition*
Namespace metadata=1:ObjectMeta spec=2:NamespaceSpec status=3:NamespaceStatus
ObjectReference kind=1 namespace=2 name=3 uid=4 apiVersion=5 resourceVersion=6 fieldPath=7
LocalObjectReference name=1
ServiceAccount metadata=1:ObjectMeta secrets=2:ObjectReference*
  imagePullSecrets=3:LocalObjectReference* automountServiceAccountToken?=4:b
ServicePort name=1 protocol=2 appProtocol?=6 port=3:i targetPort=4:IS nodePort=5:i
ClientIPConfig timeoutSeconds?=1:i
SessionAffinityConfig clientIP?=1:ClientIPConfig
ServiceSpec ports=1:ServicePort* selector=2:{s} clusterIP=3 clusterIPs=18* type=4 externalIPs=5*
  sessionAffinity=7 loadBalancerIP=8 loadBalancerSourceRanges=9* externalName=10
  externalTrafficPolicy=11 healthCheckNodePort=12:i publishNotReadyAddresses=13:b
  sessionAffinityConfig?=14:SessionAffinityConfig ipFamilies=19* ipFamilyPolicy?=17
  allocateLoadBalancerNodePorts?=20:b loadBalancerClass?=21 internalTrafficPolicy?=22
  trafficDistribution?=23
PortStatus port=1:i protocol=2 error?=3
LoadBalancerIngress ip=1 hostname=2 ipMode?=3 ports=4:PortStatus*
LoadBalancerStatus ingress=1:LoadBalancerIngress*
Condition type=1 status=2 observedGeneration=3:i lastTransitionTime=4:T reason=5 message=6
ServiceStatus loadBalancer=1:LoadBalancerStatus conditions=2:Condition*
Service metadata=1:ObjectMeta spec=2:ServiceSpec status=3:ServiceStatus
HostPathVolumeSource path=1 type?=2
EmptyDirVolumeSource medium=1 sizeLimit?=2:Q
GCEPersistentDiskVolumeSource pdName=1 fsType=2 partition=3:i readOnly=4:b
AWSElasticBlockStoreVolumeSource volumeID=1 fsType=2 partition=3:i readOnly=4:b
GitRepoVolumeSource repository=1 revision=2 directory=3
KeyToPath key=1 path=2 mode?=3:i
SecretVolumeSource secretName=1 items=2:KeyToPath* defaultMode?=3:i optional?=4:b
NFSVolumeSource server=1 path=2 readOnly=3:b
ISCSIVolumeSource targetPortal=1 iqn=2 lun=3:i iscsiInterface=4 fsType=5 readOnly=6:b portals=7*
  chapAuthDiscovery=8:b chapAuthSession=11:b secretRef?=10:LocalObjectReference initiatorName?=12
GlusterfsVolumeSource endpoints=1 path=2 readOnly=3:b
PersistentVolumeClaimVolumeSource claimName=1 readOnly=2:b
RBDVolumeSource monitors=1* image=2 fsType=3 pool=4 user=5 keyring=6
  secretRef=7:LocalObjectReference readOnly=8:b
FlexVolumeSource driver=1 fsType=2 secretRef=3:LocalObjectReference readOnly=4:b options=5:{s}
CinderVolumeSource volumeID=1 fsType=2 readOnly=3:b secretRef=4:LocalObjectReference
CephFSVolumeSource monitors=1* path=2 user=3 secretFile=4 secretRef=5:LocalObjectReference
  readOnly=6:b
FlockerVolumeSource datasetName=1 datasetUUID=2
ObjectFieldSelector apiVersion=1 fieldPath=2
ResourceFieldSelector containerName=1 resource=2 divisor=3:Q
DownwardAPIVolumeFile path=1 fieldRef?=2:ObjectFieldSelector
  resourceFieldRef?=3:ResourceFieldSelector mode?=4:i
DownwardAPIVolumeSource items=1:DownwardAPIVolumeFile* defaultMode?=2:i
FCVolumeSource targetWWNs=1* lun=2:i fsType=3 readOnly=4:b wwids=5*
AzureFileVolumeSource secretName=1 shareName=2 readOnly=3:b
ConfigMapVolumeSource ...localObjectReference=1:LocalObjectReference items=2:KeyToPath*
  defaultMode?=3:i optional?=4:b
VsphereVirtualDiskVolumeSource volumePath=1 fsType=2 storagePolicyName=3 storagePolicyID=4
QuobyteVolumeSource registry=1 volume=2 readOnly=3:b user=4 group=5 tenant=6
AzureDiskVolumeSource diskName=1 diskURI=2 cachingMode?=3 fsType?=4 readOnly?=5:b kind?=6
PhotonPersistentDiskVolumeSource pdID=1 fsType=2
SecretProjection ...localObjectReference=1:LocalObjectReference items=2:KeyToPath* optional?=4:b
DownwardAPIProjection items=1:DownwardAPIVolumeFile*
ConfigMapProjection ...localObjectReference=1:LocalObjectReference items=2:KeyToPath*
  optional?=4:b
ServiceAccountTokenProjection audience=1 expirationSeconds?=2:i path=3
LabelSelectorRequirement key=1 operator=2 values=3*
LabelSelector matchLabels=1:{s} matchExpressions=2:LabelSelectorRequirement*
ClusterTrustBundleProjection name?=1 signerName?=2 labelSelector?=3:LabelSelector optional?=5:b
  path=4
VolumeProjection secret?=1:SecretProjection downwardAPI?=2:DownwardAPIProjection
  configMap?=3:ConfigMapProjection serviceAccountToken?=4:ServiceAccountTokenProjection
  clusterTrustBundle?=5:ClusterTrustBundleProjection
ProjectedVolumeSource sources=1:VolumeProjection* defaultMode?=2:i
PortworxVolumeSource volumeID=1 fsType=2 readOnly=3:b
ScaleIOVolumeSource gateway=1 system=2 secretRef=3:LocalObjectReference sslEnabled=4:b
  protectionDomain=5 storagePool=6 storageMode=7 volumeName=8 fsType=9 readOnly=10:b
StorageOSVolumeSource volumeName=1 volumeNamespace=2 fsType=3 readOnly=4:b
  secretRef=5:LocalObjectReference
CSIVolumeSource driver=1 readOnly?=2:b fsType?=3 volumeAttributes=4:{s}
  nodePublishSecretRef?=5:LocalObjectReference
VolumeResourceRequirements limits=1:{Q} requests=2:{Q}
TypedLocalObjectReference apiGroup?=1 kind=2 name=3
TypedObjectReference apiGroup?=1 kind=2 name=3 namespace?=4
PersistentVolumeClaimSpec accessModes=1* selector?=4:LabelSelector
  resources=2:VolumeResourceRequirements volumeName=3 storageClassName?=5 volumeMode?=6
  dataSource?=7:TypedLocalObjectReference dataSourceRef?=8:TypedObjectReference
  volumeAttributesClassName?=9
PersistentVolumeClaimTemplate metadata=1:ObjectMeta spec=2:PersistentVolumeClaimSpec
EphemeralVolumeSource volumeClaimTemplate?=1:PersistentVolumeClaimTemplate
ImageVolumeSource reference=1 pullPolicy=2
VolumeSource hostPath?=1:HostPathVolumeSource emptyDir?=2:EmptyDirVolumeSource
  gcePersistentDisk?=3:GCEPersistentDiskVolumeSource
  awsElasticBlockStore?=4:AWSElasticBlockStoreVolumeSource gitRepo?=5:GitRepoVolumeSource
  secret?=6:SecretVolumeSource nfs?=7:NFSVolumeSource iscsi?=8:ISCSIVolumeSource
  glusterfs?=9:GlusterfsVolumeSource persistentVolumeClaim?=10:PersistentVolumeClaimVolumeSource
  rbd?=11:RBDVolumeSource flexVolume?=12:FlexVolumeSource cinder?=13:CinderVolumeSource
  cephfs?=14:CephFSVolumeSource flocker?=15:FlockerVolumeSource
  downwardAPI?=16:DownwardAPIVolumeSource fc?=17:FCVolumeSource
  azureFile?=18:AzureFileVolumeSource configMap?=19:ConfigMapVolumeSource
  vsphereVolume?=20:VsphereVirtualDiskVolumeSource quobyte?=21:QuobyteVolumeSource
  azureDisk?=22:AzureDiskVolumeSource photonPersistentDisk?=23:PhotonPersistentDiskVolumeSource
  projected?=26:ProjectedVolumeSource portworxVolume?=24:PortworxVolumeSource
  scaleIO?=25:ScaleIOVolumeSource storageos?=27:StorageOSVolumeSource csi?=28:CSIVolumeSource
  ephemeral?=29:EphemeralVolumeSource image?=30:ImageVolumeSource
Volume name=1 ...volumeSource=2:VolumeSource
ContainerPort name=1 hostPort=2:i containerPort=3:i protocol=4 hostIP=5
ConfigMapEnvSource ...localObjectReference=1:LocalObjectReference optional?=2:b
SecretEnvSource ...localObjectReference=1:LocalObjectReference optional?=2:b
EnvFromSource prefix=1 configMapRef?=2:ConfigMapEnvSource secretRef?=3:SecretEnvSource
ConfigMapKeySelector ...localObjectReference=1:LocalObjectReference key=2 optional?=3:b
SecretKeySelector ...localObjectReference=1:LocalObjectReference key=2 optional?=3:b
EnvVarSource fieldRef?=1:ObjectFieldSelector resourceFieldRef?=2:ResourceFieldSelector
  configMapKeyRef?=3:ConfigMapKeySelector secretKeyRef?=4:SecretKeySelector
EnvVar name=1 value=2 valueFrom?=3:EnvVarSource
ResourceClaim name=1 request=2
ResourceRequirements limits=1:{Q} requests=2:{Q} claims=3:ResourceClaim*
ContainerResizePolicy resourceName=1 restartPolicy=2
VolumeMount name=1 readOnly=2:b recursiveReadOnly?=7 mountPath=3 subPath=4 mountPropagation?=5
  subPathExpr=6
VolumeDevice name=1 devicePath=2
ExecAction command=1*
HTTPHeader name=1 value=2
HTTPGetAction path=1 port=2:IS host=3 scheme=4 httpHeaders=5:HTTPHeader*
TCPSocketAction port=1:IS host=2
GRPCAction port=1:i service?=2
ProbeHandler exec?=1:ExecAction httpGet?=2:HTTPGetAction tcpSocket?=3:TCPSocketAction
  grpc?=4:GRPCAction
Probe ...handler=1:ProbeHandler initialDelaySeconds=2:i timeoutSeconds=3:i periodSeconds=4:i
  successThreshold=5:i failureThreshold=6:i terminationGracePeriodSeconds?=7:i
SleepAction seconds=1:i
LifecycleHandler exec?=1:ExecAction httpGet?=2:HTTPGetAction tcpSocket?=3:TCPSocketAction
  sleep?=4:SleepAction
Lifecycle postStart?=1:LifecycleHandler preStop?=2:LifecycleHandler
Capabilities add=1* drop=2*
SELinuxOptions user=1 role=2 type=3 level=4
WindowsSecurityContextOptions gmsaCredentialSpecName?=1 gmsaCredentialSpec?=2 runAsUserName?=3
  hostProcess?=4:b
SeccompProfile type=1 localhostProfile?=2
AppArmorProfile type=1 localhostProfile?=2
SecurityContext capabilities?=1:Capabilities privileged?=2:b seLinuxOptions?=3:SELinuxOptions
  windowsOptions?=10:WindowsSecurityContextOptions runAsUser?=4:i runAsGroup?=8:i
  runAsNonRoot?=5:b readOnlyRootFilesystem?=6:b allowPrivilegeEscalation?=7:b procMount?=9
  seccompProfile?=11:SeccompProfile appArmorProfile?=12:AppArmorProfile
Container name=1 image=2 command=3* args=4* workingDir=5 ports=6:ContainerPort*
  envFrom=19:EnvFromSource* env=7:EnvVar* resources=8:ResourceRequirements
  resizePolicy=23:ContainerResizePolicy* restartPolicy?=24 volumeMounts=9:VolumeMount*
  volumeDevices=21:VolumeDevice* livenessProbe?=10:Probe readinessProbe?=11:Probe
  startupProbe?=22:Probe lifecycle?=12:Lifecycle terminationMessagePath=13
  terminationMessagePolicy=20 imagePullPolicy=14 securityContext?=15:SecurityContext stdin=16:b
  stdinOnce=17:b tty=18:b
EphemeralContainerCommon name=1 image=2 command=3* args=4* workingDir=5 ports=6:ContainerPort*
  envFrom=19:EnvFromSource* env=7:EnvVar* resources=8:ResourceRequirements
  resizePolicy=23:ContainerResizePolicy* restartPolicy?=24 volumeMounts=9:VolumeMount*
  volumeDevices=21:VolumeDevice* livenessProbe?=10:Probe readinessProbe?=11:Probe
  startupProbe?=22:Probe lifecycle?=12:Lifecycle terminationMessagePath=13
  terminationMessagePolicy=20 imagePullPolicy=14 securityContext?=15:SecurityContext stdin=16:b
  stdinOnce=17:b tty=18:b
EphemeralContainer ...ephemeralContainerCommon=1:EphemeralContainerCommon targetContainerName=2
Sysctl name=1 value=2
PodSecurityContext seLinuxOptions?=1:SELinuxOptions
  windowsOptions?=8:WindowsSecurityContextOptions runAsUser?=2:i runAsGroup?=6:i runAsNonRoot?=3:b
  supplementalGroups=4:i* supplementalGroupsPolicy?=12 fsGroup?=5:i sysctls=7:Sysctl*
  fsGroupChangePolicy?=9 seccompProfile?=10:SeccompProfile appArmorProfile?=11:AppArmorProfile
  seLinuxChangePolicy?=13
NodeSelectorRequirement key=1 operator=2 values=3*
NodeSelectorTerm matchExpressions=1:NodeSelectorRequirement*
  matchFields=2:NodeSelectorRequirement*
NodeSelector nodeSelectorTerms=1:NodeSelectorTerm*
PreferredSchedulingTerm weight=1:i preference=2:NodeSelectorTerm
NodeAffinity requiredDuringSchedulingIgnoredDuringExecution?=1:NodeSelector
  preferredDuringSchedulingIgnoredDuringExecution=2:PreferredSchedulingTerm*
PodAffinityTerm labelSelector?=1:LabelSelector namespaces=2* topologyKey=3
  namespaceSelector?=4:LabelSelector matchLabelKeys=5* mismatchLabelKeys=6*
WeightedPodAffinityTerm weight=1:i podAffinityTerm=2:PodAffinityTerm
PodAffinity requiredDuringSchedulingIgnoredDuringExecution=1:PodAffinityTerm*
  preferredDuringSchedulingIgnoredDuringExecution=2:WeightedPodAffinityTerm*
PodAntiAffinity requiredDuringSchedulingIgnoredDuringExecution=1:PodAffinityTerm*
  preferredDuringSchedulingIgnoredDuringExecution=2:WeightedPodAffinityTerm*
Affinity nodeAffinity?=1:NodeAffinity podAffinity?=2:PodAffinity
  podAntiAffinity?=3:PodAntiAffinity
Toleration key=1 operator=2 value=3 effect=4 tolerationSeconds?=5:i
HostAlias ip=1 hostnames=2*
PodDNSConfigOption name=1 value?=2
PodDNSConfig nameservers=1* searches=2* options=3:PodDNSConfigOption*
PodReadinessGate conditionType=1
TopologySpreadConstraint maxSkew=1:i topologyKey=2 whenUnsatisfiable=3
  labelSelector?=4:LabelSelector minDomains?=5:i nodeAffinityPolicy?=6 nodeTaintsPolicy?=7
  matchLabelKeys=8*
PodOS name=1
PodSchedulingGate name=1
PodResourceClaim name=1 resourceClaimName?=3 resourceClaimTemplateName?=4
PodSpec volumes=1:Volume* initContainers=20:Container* containers=2:Container*
  ephemeralContainers=34:EphemeralContainer* restartPolicy=3 terminationGracePeriodSeconds?=4:i
  activeDeadlineSeconds?=5:i dnsPolicy=6 nodeSelector=7:{s} serviceAccountName=8 serviceAccount=9
  automountServiceAccountToken?=21:b nodeName=10 hostNetwork=11:b hostPID=12:b hostIPC=13:b
  shareProcessNamespace?=27:b securityContext?=14:PodSecurityContext
  imagePullSecrets=15:LocalObjectReference* hostname=16 subdomain=17 affinity?=18:Affinity
  schedulerName=19 tolerations=22:Toleration* hostAliases=23:HostAlias* priorityClassName=24
  priority?=25:i dnsConfig?=26:PodDNSConfig readinessGates=28:PodReadinessGate*
  runtimeClassName?=29 enableServiceLinks?=30:b preemptionPolicy?=31 overhead=32:{Q}
  topologySpreadConstraints=33:TopologySpreadConstraint* setHostnameAsFQDN?=35:b os?=36:PodOS
  hostUsers?=37:b schedulingGates=38:PodSchedulingGate* resourceClaims=39:PodResourceClaim*
  resources=40:ResourceRequirements
PodCondition type=1 status=2 lastProbeTime=3:T lastTransitionTime=4:T reason=5 message=6
HostIP ip=1
PodIP ip=1
ContainerStateWaiting reason=1 message=2
ContainerStateRunning startedAt=1:T
ContainerStateTerminated exitCode=1:i signal=2:i reason=3 message=4 startedAt=5:T finishedAt=6:T
  containerID=7
ContainerState waiting?=1:ContainerStateWaiting running?=2:ContainerStateRunning
  terminated?=3:ContainerStateTerminated
VolumeMountStatus name=1 mountPath=2 readOnly=3:b recursiveReadOnly=4
LinuxContainerUser uid=1:i gid=2:i supplementalGroups=3:i*
ContainerUser linux=1:LinuxContainerUser
ResourceHealth resourceID=1 health=2
ResourceStatus name=1 resources=2:ResourceHealth*
ContainerStatus name=1 state=2:ContainerState lastState=3:ContainerState ready=4:b
  restartCount=5:i image=6 imageID=7 containerID=8 started?=9:b allocatedResources=10:{Q}
  resources?=11:ResourceRequirements volumeMounts=12:VolumeMountStatus* user?=13:ContainerUser
  allocatedResourcesStatus?=14:ResourceStatus*
PodResourceClaimStatus name=1 resourceClaimName=2
PodStatus phase=1 conditions=2:PodCondition* message=3 reason=4 nominatedNodeName=11 hostIP=5
  hostIPs=16:HostIP* podIP=6 podIPs=12:PodIP* startTime=7:T
  initContainerStatuses=10:ContainerStatus* containerStatuses=8:ContainerStatus* qosClass=9
  ephemeralContainerStatuses=13:ContainerStatus* resize=14
  resourceClaimStatuses=15:PodResourceClaimStatus*
Pod metadata=1:ObjectMeta spec=2:PodSpec status=3:PodStatus
PodTemplateSpec metadata=1:ObjectMeta spec=2:PodSpec
PodTemplate metadata=1:ObjectMeta template=2:PodTemplateSpec
ScopedResourceSelectorRequirement scopeName=1 operator=2 values=3*
ScopeSelector matchExpressions=1:ScopedResourceSelectorRequirement*
ResourceQuotaSpec hard=1:{Q} scopes=2* scopeSelector?=3:ScopeSelector
ResourceQuotaStatus hard=1:{Q} used=2:{Q}
ResourceQuota metadata=1:ObjectMeta spec=2:ResourceQuotaSpec status=3:ResourceQuotaStatus
LimitRangeItem type=1 max=2:{Q} min=3:{Q} default=4:{Q} defaultRequest=5:{Q}
  maxLimitRequestRatio=6:{Q}
LimitRangeSpec limits=1:LimitRangeItem*
LimitRange metadata=1:ObjectMeta spec=2:LimitRangeSpec
EndpointAddress ip=1 hostname=3 nodeName?=4 targetRef?=2:ObjectReference
EndpointPort name=1 port=2:i protocol=3 appProtocol?=4
EndpointSubset addresses=1:EndpointAddress* notReadyAddresses=2:EndpointAddress*
  ports=3:EndpointPort*
Endpoints metadata=1:ObjectMeta subsets=2:EndpointSubset*
EventSource component=1 host=2
EventSeries count=1:i lastObservedTime=2:MT
Event metadata=1:ObjectMeta involvedObject=2:ObjectReference reason=3 message=4
  source=5:EventSource firstTimestamp=6:T lastTimestamp=7:T count=8:i type=9 eventTime=10:MT
  series?=11:EventSeries action=12 related?=13:ObjectReference reportingComponent=14
  reportingInstance=15
Taint key=1 value=2 effect=3 timeAdded=4:T
ConfigMapNodeConfigSource namespace=1 name=2 uid=3 resourceVersion=4 kubeletConfigKey=5
NodeConfigSource configMap=2:ConfigMapNodeConfigSource
NodeSpec podCIDR=1 podCIDRs=7* providerID=3 unschedulable=4:b taints=5:Taint*
  configSource?=6:NodeConfigSource externalID=2
NodeCondition type=1 status=2 lastHeartbeatTime=3:T lastTransitionTime=4:T reason=5 message=6
NodeAddress type=1 address=2
DaemonEndpoint Port=1:i
NodeDaemonEndpoints kubeletEndpoint=1:DaemonEndpoint
NodeSystemInfo machineID=1 systemUUID=2 bootID=3 kernelVersion=4 osImage=5
  containerRuntimeVersion=6 kubeletVersion=7 kubeProxyVersion=8 operatingSystem=9 architecture=10
ContainerImage names=1* sizeBytes=2:i
AttachedVolume name=1 devicePath=2
NodeConfigStatus assigned=1:NodeConfigSource active=2:NodeConfigSource
  lastKnownGood=3:NodeConfigSource error=4
NodeRuntimeHandlerFeatures recursiveReadOnlyMounts?=1:b userNamespaces?=2:b
NodeRuntimeHandler name=1 features?=2:NodeRuntimeHandlerFeatures
NodeFeatures supplementalGroupsPolicy?=1:b
NodeStatus capacity=1:{Q} allocatable=2:{Q} phase=3 conditions=4:NodeCondition*
  addresses=5:NodeAddress* daemonEndpoints=6:NodeDaemonEndpoints nodeInfo=7:NodeSystemInfo
  images=8:ContainerImage* volumesInUse=9* volumesAttached=10:AttachedVolume*
  config?=11:NodeConfigStatus runtimeHandlers=12:NodeRuntimeHandler* features?=13:NodeFeatures
Node metadata=1:ObjectMeta spec=2:NodeSpec status=3:NodeStatus
PersistentVolumeClaimCondition type=1 status=2 lastProbeTime=3:T lastTransitionTime=4:T reason=5
  message=6
ModifyVolumeStatus targetVolumeAttributesClassName=1 status=2
PersistentVolumeClaimStatus phase=1 accessModes=2* capacity=3:{Q}
  conditions=4:PersistentVolumeClaimCondition* allocatedResources=5:{Q}
  allocatedResourceStatuses=7:{s} currentVolumeAttributesClassName?=8
  modifyVolumeStatus?=9:ModifyVolumeStatus
PersistentVolumeClaim metadata=1:ObjectMeta spec=2:PersistentVolumeClaimSpec
  status=3:PersistentVolumeClaimStatus
RollingUpdateDeployment maxUnavailable?=1:IS maxSurge?=2:IS
DeploymentStrategy type=1 rollingUpdate?=2:RollingUpdateDeployment
DeploymentSpec replicas?=1:i selector?=2:LabelSelector template=3:PodTemplateSpec
  strategy=4:DeploymentStrategy minReadySeconds=5:i revisionHistoryLimit?=6:i paused=7:b
  progressDeadlineSeconds?=9:i
DeploymentCondition type=1 status=2 lastUpdateTime=6:T lastTransitionTime=7:T reason=4 message=5
DeploymentStatus observedGeneration=1:i replicas=2:i updatedReplicas=3:i readyReplicas=7:i
  availableReplicas=4:i unavailableReplicas=5:i conditions=6:DeploymentCondition*
  collisionCount?=8:i
Deployment metadata=1:ObjectMeta spec=2:DeploymentSpec status=3:DeploymentStatus
ReplicaSetSpec replicas?=1:i minReadySeconds=4:i selector?=2:LabelSelector
  template=3:PodTemplateSpec
ReplicaSetCondition type=1 status=2 lastTransitionTime=3:T reason=4 message=5
ReplicaSetStatus replicas=1:i fullyLabeledReplicas=2:i readyReplicas=4:i availableReplicas=5:i
  observedGeneration=3:i conditions=6:ReplicaSetCondition*
ReplicaSet metadata=1:ObjectMeta spec=2:ReplicaSetSpec status=3:ReplicaSetStatus
RollingUpdateStatefulSetStrategy partition?=1:i maxUnavailable?=2:IS
StatefulSetUpdateStrategy type=1 rollingUpdate?=2:RollingUpdateStatefulSetStrategy
StatefulSetPersistentVolumeClaimRetentionPolicy whenDeleted=1 whenScaled=2
StatefulSetOrdinals start=1:i
StatefulSetSpec replicas?=1:i selector?=2:LabelSelector template=3:PodTemplateSpec
  volumeClaimTemplates=4:PersistentVolumeClaim* serviceName=5 podManagementPolicy=6
  updateStrategy=7:StatefulSetUpdateStrategy revisionHistoryLimit?=8:i minReadySeconds=9:i
  persistentVolumeClaimRetentionPolicy?=10:StatefulSetPersistentVolumeClaimRetentionPolicy
  ordinals?=11:StatefulSetOrdinals
StatefulSetCondition type=1 status=2 lastTransitionTime=3:T reason=4 message=5
StatefulSetStatus observedGeneration=1:i replicas=2:i readyReplicas=3:i currentReplicas=4:i
  updatedReplicas=5:i currentRevision=6 updateRevision=7 collisionCount?=9:i
  conditions=10:StatefulSetCondition* availableReplicas=11:i
StatefulSet metadata=1:ObjectMeta spec=2:StatefulSetSpec status=3:StatefulSetStatus
RollingUpdateDaemonSet maxUnavailable?=1:IS maxSurge?=2:IS
DaemonSetUpdateStrategy type=1 rollingUpdate?=2:RollingUpdateDaemonSet
DaemonSetSpec selector?=1:LabelSelector template=2:PodTemplateSpec
  updateStrategy=3:DaemonSetUpdateStrategy minReadySeconds=4:i revisionHistoryLimit?=6:i
DaemonSetCondition type=1 status=2 lastTransitionTime=3:T reason=4 message=5
DaemonSetStatus currentNumberScheduled=1:i numberMisscheduled=2:i desiredNumberScheduled=3:i
  numberReady=4:i observedGeneration=5:i updatedNumberScheduled=6:i numberAvailable=7:i
  numberUnavailable=8:i collisionCount?=9:i conditions=10:DaemonSetCondition*
DaemonSet metadata=1:ObjectMeta spec=2:DaemonSetSpec status=3:DaemonSetStatus
PodFailurePolicyOnExitCodesRequirement containerName?=1 operator=2 values=3:i*
PodFailurePolicyOnPodConditionsPattern type=1 status=2
PodFailurePolicyRule action=1 onExitCodes?=2:PodFailurePolicyOnExitCodesRequirement
  onPodConditions=3:PodFailurePolicyOnPodConditionsPattern*
PodFailurePolicy rules=1:PodFailurePolicyRule*
SuccessPolicyRule succeededIndexes?=1 succeededCount?=2:i
SuccessPolicy rules=1:SuccessPolicyRule*
JobSpec parallelism?=1:i completions?=2:i activeDeadlineSeconds?=3:i
  podFailurePolicy?=11:PodFailurePolicy successPolicy?=16:SuccessPolicy backoffLimit?=7:i
  backoffLimitPerIndex?=12:i maxFailedIndexes?=13:i selector?=4:LabelSelector manualSelector?=5:b
  template=6:PodTemplateSpec ttlSecondsAfterFinished?=8:i completionMode?=9 suspend?=10:b
  podReplacementPolicy?=14 managedBy?=15
JobCondition type=1 status=2 lastProbeTime=3:T lastTransitionTime=4:T reason=5 message=6
UncountedTerminatedPods succeeded=1* failed=2*
JobStatus conditions=1:JobCondition* startTime?=2:T completionTime?=3:T active=4:i succeeded=5:i
  failed=6:i terminating?=11:i completedIndexes=7 failedIndexes?=10
  uncountedTerminatedPods?=8:UncountedTerminatedPods ready?=9:i
Job metadata=1:ObjectMeta spec=2:JobSpec status=3:JobStatus
JobTemplateSpec metadata=1:ObjectMeta spec=2:JobSpec
CronJobSpec schedule=1 timeZone?=8 startingDeadlineSeconds?=2:i concurrencyPolicy=3 suspend?=4:b
  jobTemplate=5:JobTemplateSpec successfulJobsHistoryLimit?=6:i failedJobsHistoryLimit?=7:i
CronJobStatus active=1:ObjectReference* lastScheduleTime?=4:T lastSuccessfulTime?=5:T
CronJob metadata=1:ObjectMeta spec=2:CronJobSpec status=3:CronJobStatus
ServiceBackendPort name=1 number=2:i
IngressServiceBackend name=1 port=2:ServiceBackendPort
IngressBackend service?=4:IngressServiceBackend resource?=3:TypedLocalObjectReference
IngressTLS hosts=1* secretName=2
HTTPIngressPath path=1 pathType?=3 backend=2:IngressBackend
HTTPIngressRuleValue paths=1:HTTPIngressPath*
IngressRuleValue http?=1:HTTPIngressRuleValue
IngressRule host=1 ...ingressRuleValue=2:IngressRuleValue
IngressSpec ingressClassName?=4 defaultBackend?=1:IngressBackend tls=2:IngressTLS*
  rules=3:IngressRule*
IngressPortStatus port=1:i protocol=2 error?=3
IngressLoadBalancerIngress ip=1 hostname=2 ports=4:IngressPortStatus*
IngressLoadBalancerStatus ingress=1:IngressLoadBalancerIngress*
IngressStatus loadBalancer=1:IngressLoadBalancerStatus
Ingress metadata=1:ObjectMeta spec=2:IngressSpec status=3:IngressStatus
PolicyRule verbs=1* apiGroups=2* resources=3* resourceNames=4* nonResourceURLs=5*
Role metadata=1:ObjectMeta rules=2:PolicyRule*
AggregationRule clusterRoleSelectors=1:LabelSelector*
ClusterRole metadata=1:ObjectMeta rules=2:PolicyRule* aggregationRule?=3:AggregationRule
Subject kind=1 apiGroup=2 name=3 namespace=4
RoleRef apiGroup=1 kind=2 name=3
RoleBinding metadata=1:ObjectMeta subjects=2:Subject* roleRef=3:RoleRef
ClusterRoleBinding metadata=1:ObjectMeta subjects=2:Subject* roleRef=3:RoleRef
autoscalingv1.CrossVersionObjectReference kind=1 name=2 apiVersion=3
autoscalingv1.HorizontalPodAutoscalerSpec
  scaleTargetRef=1:autoscalingv1.CrossVersionObjectReference minReplicas?=2:i maxReplicas=3:i
  targetCPUUtilizationPercentage?=4:i
autoscalingv1.HorizontalPodAutoscalerStatus observedGeneration?=1:i lastScaleTime?=2:T
  currentReplicas=3:i desiredReplicas=4:i currentCPUUtilizationPercentage?=5:i
autoscalingv1.HorizontalPodAutoscaler metadata=1:ObjectMeta
  spec=2:autoscalingv1.HorizontalPodAutoscalerSpec
  status=3:autoscalingv1.HorizontalPodAutoscalerStatus
ScaleSpec replicas=1:i
ScaleStatus replicas=1:i selector=2
Scale metadata=1:ObjectMeta spec=2:ScaleSpec status=3:ScaleStatus
autoscalingv2.CrossVersionObjectReference kind=1 name=2 apiVersion=3
MetricTarget type=1 value?=2:Q averageValue?=3:Q averageUtilization?=4:i
MetricIdentifier name=1 selector?=2:LabelSelector
ObjectMetricSource describedObject=1:autoscalingv2.CrossVersionObjectReference
  target=2:MetricTarget metric=3:MetricIdentifier
PodsMetricSource metric=1:MetricIdentifier target=2:MetricTarget
ResourceMetricSource name=1 target=2:MetricTarget
ContainerResourceMetricSource name=1 target=2:MetricTarget container=3
ExternalMetricSource metric=1:MetricIdentifier target=2:MetricTarget
MetricSpec type=1 object?=2:ObjectMetricSource pods?=3:PodsMetricSource
  resource?=4:ResourceMetricSource containerResource?=7:ContainerResourceMetricSource
  external?=5:ExternalMetricSource
HPAScalingPolicy type=1 value=2:i periodSeconds=3:i
HPAScalingRules stabilizationWindowSeconds?=3:i selectPolicy?=1 policies=2:HPAScalingPolicy*
HorizontalPodAutoscalerBehavior scaleUp?=1:HPAScalingRules scaleDown?=2:HPAScalingRules
autoscalingv2.HorizontalPodAutoscalerSpec
  scaleTargetRef=1:autoscalingv2.CrossVersionObjectReference minReplicas?=2:i maxReplicas=3:i
  metrics=4:MetricSpec* behavior?=5:HorizontalPodAutoscalerBehavior
MetricValueStatus value?=1:Q averageValue?=2:Q averageUtilization?=3:i
ObjectMetricStatus metric=1:MetricIdentifier current=2:MetricValueStatus
  describedObject=3:autoscalingv2.CrossVersionObjectReference
PodsMetricStatus metric=1:MetricIdentifier current=2:MetricValueStatus
ResourceMetricStatus name=1 current=2:MetricValueStatus
ContainerResourceMetricStatus name=1 current=2:MetricValueStatus container=3
ExternalMetricStatus metric=1:MetricIdentifier current=2:MetricValueStatus
MetricStatus type=1 object?=2:ObjectMetricStatus pods?=3:PodsMetricStatus
  resource?=4:ResourceMetricStatus containerResource?=7:ContainerResourceMetricStatus
  external?=5:ExternalMetricStatus
HorizontalPodAutoscalerCondition type=1 status=2 lastTransitionTime=3:T reason=4 message=5
autoscalingv2.HorizontalPodAutoscalerStatus observedGeneration?=1:i lastScaleTime?=2:T
  currentReplicas=3:i desiredReplicas=4:i currentMetrics=5:MetricStatus*
  conditions=6:HorizontalPodAutoscalerCondition*
autoscalingv2.HorizontalPodAutoscaler metadata=1:ObjectMeta
  spec=2:autoscalingv2.HorizontalPodAutoscalerSpec
  status=3:autoscalingv2.HorizontalPodAutoscalerStatus
Preconditions uid?=1 resourceVersion?=2
DeleteOptions gracePeriodSeconds?=1:i preconditions?=2:Preconditions orphanDependents?=3:b
  propagationPolicy?=4 dryRun=5* ignoreStoreReadErrorWithClusterBreakingPotential?=6:b
Eviction metadata=1:ObjectMeta deleteOptions?=2:DeleteOptions
`;

type Scalar = 'string' | 'bool' | 'int' | 'double' | 'bytes';
type Special = 'time' | 'microtime' | 'intOrString' | 'quantity' | 'raw';
type FieldType =
  | { scalar: Scalar }
  | { special: Special }
  | { message: string }
  | { map: Exclude<FieldType, { map: unknown }> };

interface FieldSpec {
  name: string;
  type: FieldType;
  repeated: boolean;
  pointer: boolean;
  inline: boolean;
}

type MessageSpec = Map<number, FieldSpec>;

const TYPE_CODES: Record<string, Exclude<FieldType, { map: unknown } | { message: string }>> = {
  '': { scalar: 'string' },
  s: { scalar: 'string' },
  b: { scalar: 'bool' },
  i: { scalar: 'int' },
  f: { scalar: 'double' },
  y: { scalar: 'bytes' },
  T: { special: 'time' },
  MT: { special: 'microtime' },
  IS: { special: 'intOrString' },
  Q: { special: 'quantity' },
  RX: { special: 'raw' },
};

function parseType(code: string): Exclude<FieldType, { map: unknown }> {
  return TYPE_CODES[code] ?? { message: code };
}

const FIELD = /^(\.\.\.)?([A-Za-z0-9]+)(\?)?=(\d+)(?::(\{[^}]*\}|[A-Za-z0-9.]+))?(\*)?$/;

function parseSchemas(source: string): Map<string, MessageSpec> {
  const out = new Map<string, MessageSpec>();
  for (const block of source.trim().split(/\n(?! )/)) {
    const [name, ...tokens] = block.trim().split(/\s+/);
    const spec: MessageSpec = new Map();
    for (const token of tokens) {
      const m = FIELD.exec(token);
      if (!name || !m) throw new Error(`protobuf schema: bad field ${token} in ${name}`);
      const code = m[5] ?? '';
      spec.set(Number(m[4]), {
        name: m[2]!,
        type: code.startsWith('{') ? { map: parseType(code.slice(1, -1)) } : parseType(code),
        repeated: m[6] === '*',
        pointer: m[3] === '?',
        inline: m[1] === '...',
      });
    }
    out.set(name!, spec);
  }
  // A typo in the table should fail at import, not on the first request that uses it.
  for (const [name, spec] of out) {
    for (const field of spec.values()) {
      const t = 'map' in field.type ? field.type.map : field.type;
      if ('message' in t && !out.has(t.message)) {
        throw new Error(`protobuf schema: ${name}.${field.name} refers to unknown ${t.message}`);
      }
    }
  }
  return out;
}

const SCHEMAS = parseSchemas(MESSAGES);

/** apiVersion/kind → message. DeleteOptions travels under every group version. */
const KINDS: Record<string, string> = {};
const register = (apiVersion: string, kinds: string, prefix = ''): void => {
  for (const kind of kinds.split(' ')) KINDS[`${apiVersion}/${kind}`] = prefix + kind;
};
register(
  'v1',
  'ConfigMap Secret Namespace ServiceAccount Service Pod PodTemplate ResourceQuota LimitRange ' +
    'Endpoints Event Node PersistentVolumeClaim',
);
register('apps/v1', 'Deployment ReplicaSet StatefulSet DaemonSet');
register('batch/v1', 'Job CronJob');
register('networking.k8s.io/v1', 'Ingress');
register('rbac.authorization.k8s.io/v1', 'Role ClusterRole RoleBinding ClusterRoleBinding');
register('autoscaling/v1', 'HorizontalPodAutoscaler', 'autoscalingv1.');
register('autoscaling/v1', 'Scale');
register('autoscaling/v2', 'HorizontalPodAutoscaler', 'autoscalingv2.');
register('policy/v1', 'Eviction');

// Already handled, with their own error wording, by decodeReviewProtobuf.
const REVIEWS: Record<string, string> = {
  SelfSubjectAccessReview: 'authorization.k8s.io/v1',
  SubjectAccessReview: 'authorization.k8s.io/v1',
  LocalSubjectAccessReview: 'authorization.k8s.io/v1',
  SelfSubjectRulesReview: 'authorization.k8s.io/v1',
  SelfSubjectReview: 'authentication.k8s.io/v1',
};

function messageFor(apiVersion: string, kind: string): string | undefined {
  if (kind === 'DeleteOptions' && apiVersion !== '') return 'DeleteOptions';
  return KINDS[`${apiVersion}/${kind}`];
}

/** Whether decodeObjectProtobuf / decodeProtobufBody understand this apiVersion and kind. */
export function hasProtobufSchema(apiVersion: string, kind: string): boolean {
  return messageFor(apiVersion, kind) !== undefined || REVIEWS[kind] === apiVersion;
}

function schema(name: string): MessageSpec {
  const spec = SCHEMAS.get(name);
  if (!spec) throw new Error(`protobuf schema: no message ${name}`);
  return spec;
}

// Go's zero time.Time, should a client send it as seconds instead of an empty message.
const GO_ZERO_TIME = -62135596800;

function timestamp(r: Reader, micro: boolean): string | null {
  let seconds = 0;
  let nanos = 0;
  while (r.pos < r.end) {
    const tag = varint(r);
    if (tag === 1 * 8) seconds = signedVarint(r);
    else if (tag === 2 * 8) nanos = signedVarint(r);
    else skip(r, tag % 8);
  }
  // metav1.Time unmarshals {0, 0} to the zero time, which JSON renders as null: omit it.
  if ((seconds === 0 && nanos === 0) || seconds === GO_ZERO_TIME) return null;
  const iso = new Date(seconds * 1000).toISOString();
  // Time marshals with whole seconds (RFC3339), MicroTime with six fractional digits.
  if (!micro) return iso.replace(/\.\d{3}Z$/, 'Z');
  return iso.replace(/\.\d{3}Z$/, `.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`);
}

function special(r: Reader, type: Special): unknown {
  if (type === 'time' || type === 'microtime') return timestamp(r, type === 'microtime');
  const fields: Record<number, number | string | Buffer> = {};
  while (r.pos < r.end) {
    const tag = varint(r);
    const num = Math.floor(tag / 8);
    const wt = tag % 8;
    if (wt === 0) fields[num] = signedVarint(r);
    else if (wt === 2) {
      const sub = bytes(r);
      fields[num] = sub.buf.subarray(sub.pos, sub.end);
    } else skip(r, wt);
  }
  const str = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('utf8') : '');
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  switch (type) {
    case 'intOrString':
      // IntOrString {type = 1 (0 int, 1 string), intVal = 2, strVal = 3}.
      return num(fields[1]) === 1 ? str(fields[3]) : num(fields[2]);
    case 'quantity':
      return str(fields[1]);
    case 'raw': {
      const raw = fields[1];
      if (!Buffer.isBuffer(raw) || raw.length === 0) return null;
      try {
        return JSON.parse(raw.toString('utf8')) as unknown;
      } catch {
        throw new DecodeError('RawExtension: embedded object is not JSON');
      }
    }
  }
}

const WIRE_TYPE: Record<Scalar, number> = { string: 2, bytes: 2, bool: 0, int: 0, double: 1 };

function scalar(r: Reader, type: Scalar): unknown {
  switch (type) {
    case 'string':
      return text(r);
    case 'bytes': {
      const sub = bytes(r);
      return sub.buf.toString('base64', sub.pos, sub.end);
    }
    case 'bool':
      return varint(r) !== 0;
    case 'int':
      return signedVarint(r);
    case 'double': {
      if (r.pos + 8 > r.end) throw new DecodeError('unexpected EOF');
      const v = r.buf.readDoubleLE(r.pos);
      r.pos += 8;
      return v;
    }
  }
}

function value(r: Reader, type: Exclude<FieldType, { map: unknown }>, wt: number, name: string) {
  const expected = 'scalar' in type ? WIRE_TYPE[type.scalar] : 2;
  if (wt !== expected) throw new DecodeError(`proto: wrong wireType = ${wt} for field ${name}`);
  if ('scalar' in type) return scalar(r, type.scalar);
  if ('special' in type) return special(bytes(r), type.special);
  return decodeMessage(bytes(r), schema(type.message));
}

function mapEntry(r: Reader, type: Exclude<FieldType, { map: unknown }>): [string, unknown] {
  let key = '';
  let val: unknown;
  while (r.pos < r.end) {
    const tag = varint(r);
    const num = Math.floor(tag / 8);
    const wt = tag % 8;
    if (num === 1 && wt === 2) key = text(r);
    else if (num === 2) val = value(r, type, wt, 'value');
    else skip(r, wt);
  }
  // A missing value is the zero value; map values are never omitted ("" is a fine label value).
  if (val === undefined) {
    val = 'scalar' in type ? (type.scalar === 'string' || type.scalar === 'bytes' ? '' : 0) : {};
    if ('special' in type && type.special === 'quantity') val = '0';
  }
  return [key, val];
}

function isEmpty(v: unknown): boolean {
  if (v === '' || v === 0 || v === false || v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

function decodeMessage(r: Reader, spec: MessageSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  while (r.pos < r.end) {
    const tag = varint(r);
    const num = Math.floor(tag / 8);
    const wt = tag % 8;
    const field = spec.get(num);
    if (!field) {
      skip(r, wt);
      continue;
    }
    const { name, type } = field;
    if ('map' in type) {
      if (wt !== 2) throw new DecodeError(`proto: wrong wireType = ${wt} for field ${name}`);
      const [k, v] = mapEntry(bytes(r), type.map);
      ((out[name] ??= {}) as Record<string, unknown>)[k] = v;
    } else if (field.repeated) {
      const list = (out[name] ??= []) as unknown[];
      // proto2 numbers are written unpacked, but a packed list is legal protobuf too.
      if ('scalar' in type && wt === 2 && WIRE_TYPE[type.scalar] !== 2) {
        const packed = bytes(r);
        while (packed.pos < packed.end) list.push(scalar(packed, type.scalar));
      } else list.push(value(r, type, wt, name));
    } else if (field.inline) {
      Object.assign(out, value(r, type, wt, name));
    } else out[name] = value(r, type, wt, name);
  }
  for (const field of spec.values()) {
    const v = out[field.name];
    // A zero time is null even behind a pointer; other pointers were set by the client.
    if (v === null || (!field.pointer && isEmpty(v))) delete out[field.name];
  }
  return out;
}

/** A decoded protobuf body: the envelope's apiVersion and kind plus the message as JSON. */
export type DecodedBody = Record<string, unknown> & { apiVersion: string; kind: string };

/**
 * Decodes any `application/vnd.kubernetes.protobuf` body this module has a schema for, objects
 * and meta/v1 DeleteOptions alike (no `metadata` is added). Access/identity reviews are passed to
 * decodeReviewProtobuf. Throws StatusError 415 UnsupportedMediaType for kinds without a schema
 * (what kube-apiserver answers for a serializer it lacks) and 400 BadRequest for malformed bytes.
 */
export function decodeProtobufBody(body: Buffer): DecodedBody {
  const { apiVersion, kind, raw } = readEnvelope(body, 'the requested type');
  if (kind === '') {
    throw unrecognizedBody(
      body,
      'the requested type',
      `Object 'Kind' is missing in '${apiVersion}'`,
    );
  }
  if (REVIEWS[kind] === apiVersion) {
    return decodeReviewProtobuf(body) as DecodedBody;
  }
  const message = messageFor(apiVersion, kind);
  if (!message) {
    throw new StatusError(
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    );
  }
  try {
    return { apiVersion, kind, ...decodeMessage(raw, schema(message)) };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
    throw new StatusError(
      400,
      'BadRequest',
      `${kind} in version ${goQuote(version)} cannot be handled as a ${kind}: ${e.message}`,
    );
  }
}

/**
 * Decodes the protobuf body of a create/update (e.g. `kubectl create configmap`) into the object
 * as JSON, `metadata` always present. Same errors as decodeProtobufBody.
 */
export function decodeObjectProtobuf(body: Buffer): KubeObject {
  const obj = decodeProtobufBody(body);
  const metadata = (obj.metadata ?? {}) as KubeObject['metadata'];
  return { ...obj, metadata };
}
