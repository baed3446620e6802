import { bootstrapSampleService } from '../../shared/bootstrap-sample-service';
import { OrdersModule } from './orders.module';

bootstrapSampleService(OrdersModule, 'orders');
