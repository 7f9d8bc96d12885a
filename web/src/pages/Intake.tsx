import { Page, Empty } from '../ui.tsx';
export function IntakePage() {
  return (
    <Page title="Intake">
      <Empty title="Intake is not available on this server yet." />
    </Page>
  );
}
