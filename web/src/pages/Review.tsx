import { Page, Empty } from '../ui.tsx';
export function ReviewPage(_: { id?: string }) {
  return (
    <Page title="Review queue">
      <Empty title="The review queue is not available on this server yet." />
    </Page>
  );
}
