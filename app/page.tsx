// The console's landing page; the dashboards arrive with the console foundation issue.
export default function Home() {
  return (
    <main style={{ maxWidth: 720, margin: '15vh auto', padding: '0 24px' }}>
      <h1 style={{ fontSize: 40, margin: 0 }}>Wharf</h1>
      <p style={{ color: 'var(--muted)', fontSize: 18 }}>
        Self-service console for your Kubernetes platform: deploy apps, watch pods and logs, open
        shells, manage members and quotas.
      </p>
    </main>
  );
}
