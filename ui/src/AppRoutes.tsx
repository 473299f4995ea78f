import { Route, Routes } from 'react-router';
import CasePage from './pages/CasePage';
import Cases from './pages/Cases';
import Dashboard from './pages/Dashboard';
import Deadlines from './pages/Deadlines';
import NotFound from './pages/NotFound';
import Settings from './pages/Settings';
import AppShell from './shell/AppShell';

/** The pages behind the unlocked vault. */
export default function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<Dashboard />} />
        <Route path="cases" element={<Cases />} />
        <Route path="cases/:id/:tab?" element={<CasePage />} />
        <Route path="deadlines" element={<Deadlines />} />
        <Route path="settings" element={<Settings />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
